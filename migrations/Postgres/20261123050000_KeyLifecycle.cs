using IdentityHost.Stores;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace IdentityHost.Migrations.Postgres;

/// <summary>
/// Signing-key lifecycle (the SQLite migration of the same id explains it): a unique generation number and the times a
/// key signs from and leaves the JWKS. Existing keys are numbered by age and active from their creation.
/// </summary>
[DbContext(typeof(IdentityHostDbContext))]
[Migration("20261123050000_KeyLifecycle")]
public sealed class KeyLifecycle : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            ALTER TABLE "SigningKeys"
                ADD COLUMN "Generation" bigint NOT NULL DEFAULT 0,
                ADD COLUMN "ActivatesAt" timestamp with time zone NOT NULL DEFAULT '-infinity',
                ADD COLUMN "RemovedAt" timestamp with time zone;
            UPDATE "SigningKeys" AS k
                SET "Generation" = numbered.generation, "ActivatesAt" = k."CreatedAt"
                FROM (SELECT "Id", ROW_NUMBER() OVER (ORDER BY "CreatedAt", "Id") AS generation FROM "SigningKeys") AS numbered
                WHERE k."Id" = numbered."Id";
            ALTER TABLE "SigningKeys" ALTER COLUMN "Generation" DROP DEFAULT, ALTER COLUMN "ActivatesAt" DROP DEFAULT;
            CREATE UNIQUE INDEX "IX_SigningKeys_Generation" ON "SigningKeys" ("Generation");
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(name: "IX_SigningKeys_Generation", table: "SigningKeys");
        migrationBuilder.DropColumn(name: "RemovedAt", table: "SigningKeys");
        migrationBuilder.DropColumn(name: "ActivatesAt", table: "SigningKeys");
        migrationBuilder.DropColumn(name: "Generation", table: "SigningKeys");
    }
}
