using IdentityHost.Stores;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace IdentityHost.Migrations.Sqlite;

/// <summary>
/// Signing-key lifecycle: a unique generation number (so only one instance can create the next key) and the times a
/// key signs from and leaves the JWKS. SQLite cannot add a NOT NULL column without a default, so the table is
/// rebuilt. Existing keys become active from their creation: the newest keeps signing, as before; older ones are
/// retired by the first lifecycle check.
/// </summary>
[DbContext(typeof(IdentityHostDbContext))]
[Migration("20261123050000_KeyLifecycle")]
public sealed class KeyLifecycle : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE TABLE "ef_temp_SigningKeys" (
                "Id" TEXT NOT NULL CONSTRAINT "PK_SigningKeys" PRIMARY KEY,
                "Algorithm" TEXT NOT NULL,
                "ProtectedPrivateKey" TEXT NOT NULL,
                "CreatedAt" TEXT NOT NULL,
                "Generation" INTEGER NOT NULL,
                "ActivatesAt" TEXT NOT NULL,
                "RemovedAt" TEXT NULL
            );
            """);
        migrationBuilder.Sql("""
            INSERT INTO "ef_temp_SigningKeys" ("Id", "Algorithm", "ProtectedPrivateKey", "CreatedAt", "Generation", "ActivatesAt", "RemovedAt")
            SELECT "Id", "Algorithm", "ProtectedPrivateKey", "CreatedAt",
                   ROW_NUMBER() OVER (ORDER BY "CreatedAt", "Id"), "CreatedAt", NULL
            FROM "SigningKeys";
            """);
        migrationBuilder.Sql("""DROP TABLE "SigningKeys";""");
        migrationBuilder.Sql("""ALTER TABLE "ef_temp_SigningKeys" RENAME TO "SigningKeys";""");
        migrationBuilder.CreateIndex(name: "IX_SigningKeys_Generation", table: "SigningKeys", column: "Generation", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(name: "IX_SigningKeys_Generation", table: "SigningKeys");
        migrationBuilder.DropColumn(name: "RemovedAt", table: "SigningKeys");
        migrationBuilder.DropColumn(name: "ActivatesAt", table: "SigningKeys");
        migrationBuilder.DropColumn(name: "Generation", table: "SigningKeys");
    }
}
