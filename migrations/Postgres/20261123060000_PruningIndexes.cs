using IdentityHost.Stores;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace IdentityHost.Migrations.Postgres;

/// <summary>
/// An index on <c>Tokens.RedeemedAt</c>, so the pruner finds redeemed tokens past their retention by a range search
/// instead of scanning every token in each batch (expiry already has <c>IX_Tokens_ExpiresAt</c>).
/// </summary>
[DbContext(typeof(IdentityHostDbContext))]
[Migration("20261123060000_PruningIndexes")]
public sealed class PruningIndexes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateIndex(name: "IX_Tokens_RedeemedAt", table: "Tokens", column: "RedeemedAt");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(name: "IX_Tokens_RedeemedAt", table: "Tokens");
    }
}
