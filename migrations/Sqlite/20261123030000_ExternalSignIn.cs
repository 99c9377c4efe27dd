using IdentityHost.Stores;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace IdentityHost.Migrations.Sqlite;

/// <summary>
/// External sign-in: how the user signed in for a grant (<c>amr</c>) and which provider authenticated them
/// (<c>idp</c>), kept on the authorization so tokens issued from its code and refresh tokens say so. Null for grants
/// made before this migration; their tokens simply carry neither claim.
/// </summary>
[DbContext(typeof(IdentityHostDbContext))]
[Migration("20261123030000_ExternalSignIn")]
public sealed class ExternalSignIn : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "AuthenticationMethod", table: "Authorizations", type: "TEXT", maxLength: 20, nullable: true);
        migrationBuilder.AddColumn<string>(name: "IdentityProvider", table: "Authorizations", type: "TEXT", maxLength: 50, nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(name: "AuthenticationMethod", table: "Authorizations");
        migrationBuilder.DropColumn(name: "IdentityProvider", table: "Authorizations");
    }
}
