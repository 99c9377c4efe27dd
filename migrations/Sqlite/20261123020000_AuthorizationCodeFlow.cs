using IdentityHost.Stores;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace IdentityHost.Migrations.Sqlite;

/// <summary>
/// The authorization code flow: a code's bindings (redirect URI, PKCE challenge, nonce) as a JSON payload on its
/// token row, and the sign-in facts (auth_time, sid) on the authorization so refreshed id_tokens keep them.
/// </summary>
[DbContext(typeof(IdentityHostDbContext))]
[Migration("20261123020000_AuthorizationCodeFlow")]
public sealed class AuthorizationCodeFlow : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "Payload", table: "Tokens", type: "TEXT", nullable: true);
        migrationBuilder.AddColumn<DateTime>(name: "AuthTime", table: "Authorizations", type: "TEXT", nullable: true);
        migrationBuilder.AddColumn<string>(name: "SessionId", table: "Authorizations", type: "TEXT", maxLength: 64, nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(name: "Payload", table: "Tokens");
        migrationBuilder.DropColumn(name: "AuthTime", table: "Authorizations");
        migrationBuilder.DropColumn(name: "SessionId", table: "Authorizations");
    }
}
