using IdentityHost.Stores;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace IdentityHost.Migrations.Sqlite;

/// <summary>
/// The first schema: Identity's tables and the protocol's (clients, authorizations, tokens, scopes, signing keys).
/// SQL generated once from the model with GenerateCreateScript() and kept by hand from then on; the schema test
/// proves it still equals the model.
/// </summary>
[DbContext(typeof(IdentityHostDbContext))]
[Migration("20261123000000_Initial")]
public sealed class Initial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE TABLE "AspNetRoles" (
                "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetRoles" PRIMARY KEY,
                "Name" TEXT NULL,
                "NormalizedName" TEXT NULL,
                "ConcurrencyStamp" TEXT NULL
            );
            """);

        migrationBuilder.Sql("""
            CREATE TABLE "AspNetUsers" (
                "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetUsers" PRIMARY KEY,
                "UserName" TEXT NULL,
                "NormalizedUserName" TEXT NULL,
                "Email" TEXT NULL,
                "NormalizedEmail" TEXT NULL,
                "EmailConfirmed" INTEGER NOT NULL,
                "PasswordHash" TEXT NULL,
                "SecurityStamp" TEXT NULL,
                "ConcurrencyStamp" TEXT NULL,
                "PhoneNumber" TEXT NULL,
                "PhoneNumberConfirmed" INTEGER NOT NULL,
                "TwoFactorEnabled" INTEGER NOT NULL,
                "LockoutEnd" TEXT NULL,
                "LockoutEnabled" INTEGER NOT NULL,
                "AccessFailedCount" INTEGER NOT NULL
            );
            """);

        migrationBuilder.Sql("""
            CREATE TABLE "Authorizations" (
                "Id" TEXT NOT NULL CONSTRAINT "PK_Authorizations" PRIMARY KEY,
                "ClientId" TEXT NOT NULL,
                "Subject" TEXT NOT NULL,
                "Scopes" TEXT NOT NULL,
                "Status" TEXT NOT NULL,
                "Type" TEXT NOT NULL,
                "SecurityStampHash" TEXT NULL,
                "CreatedAt" TEXT NOT NULL
            );
            """);

        migrationBuilder.Sql("""
            CREATE TABLE "Clients" (
                "Id" TEXT NOT NULL CONSTRAINT "PK_Clients" PRIMARY KEY,
                "ClientId" TEXT NOT NULL,
                "SecretHash" TEXT NULL,
                "DisplayName" TEXT NOT NULL,
                "Type" TEXT NOT NULL,
                "ConsentType" TEXT NOT NULL,
                "RequirePkce" INTEGER NOT NULL,
                "RedirectUris" TEXT NOT NULL,
                "PostLogoutRedirectUris" TEXT NOT NULL,
                "GrantTypes" TEXT NOT NULL,
                "Scopes" TEXT NOT NULL,
                "Permissions" TEXT NOT NULL,
                "CreatedAt" TEXT NOT NULL
            );
            """);

        migrationBuilder.Sql("""
            CREATE TABLE "Scopes" (
                "Id" TEXT NOT NULL CONSTRAINT "PK_Scopes" PRIMARY KEY,
                "Name" TEXT NOT NULL,
                "Description" TEXT NOT NULL,
                "Resources" TEXT NOT NULL
            );
            """);

        migrationBuilder.Sql("""
            CREATE TABLE "SigningKeys" (
                "Id" TEXT NOT NULL CONSTRAINT "PK_SigningKeys" PRIMARY KEY,
                "Algorithm" TEXT NOT NULL,
                "ProtectedPrivateKey" TEXT NOT NULL,
                "CreatedAt" TEXT NOT NULL
            );
            """);

        migrationBuilder.Sql("""
            CREATE TABLE "AspNetRoleClaims" (
                "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetRoleClaims" PRIMARY KEY AUTOINCREMENT,
                "RoleId" TEXT NOT NULL,
                "ClaimType" TEXT NULL,
                "ClaimValue" TEXT NULL,
                CONSTRAINT "FK_AspNetRoleClaims_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE
            );
            """);

        migrationBuilder.Sql("""
            CREATE TABLE "AspNetUserClaims" (
                "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetUserClaims" PRIMARY KEY AUTOINCREMENT,
                "UserId" TEXT NOT NULL,
                "ClaimType" TEXT NULL,
                "ClaimValue" TEXT NULL,
                CONSTRAINT "FK_AspNetUserClaims_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
            );
            """);

        migrationBuilder.Sql("""
            CREATE TABLE "AspNetUserLogins" (
                "LoginProvider" TEXT NOT NULL,
                "ProviderKey" TEXT NOT NULL,
                "ProviderDisplayName" TEXT NULL,
                "UserId" TEXT NOT NULL,
                CONSTRAINT "PK_AspNetUserLogins" PRIMARY KEY ("LoginProvider", "ProviderKey"),
                CONSTRAINT "FK_AspNetUserLogins_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
            );
            """);

        migrationBuilder.Sql("""
            CREATE TABLE "AspNetUserRoles" (
                "UserId" TEXT NOT NULL,
                "RoleId" TEXT NOT NULL,
                CONSTRAINT "PK_AspNetUserRoles" PRIMARY KEY ("UserId", "RoleId"),
                CONSTRAINT "FK_AspNetUserRoles_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE,
                CONSTRAINT "FK_AspNetUserRoles_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
            );
            """);

        migrationBuilder.Sql("""
            CREATE TABLE "AspNetUserTokens" (
                "UserId" TEXT NOT NULL,
                "LoginProvider" TEXT NOT NULL,
                "Name" TEXT NOT NULL,
                "Value" TEXT NULL,
                CONSTRAINT "PK_AspNetUserTokens" PRIMARY KEY ("UserId", "LoginProvider", "Name"),
                CONSTRAINT "FK_AspNetUserTokens_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
            );
            """);

        migrationBuilder.Sql("""
            CREATE TABLE "Tokens" (
                "Id" TEXT NOT NULL CONSTRAINT "PK_Tokens" PRIMARY KEY,
                "Type" TEXT NOT NULL,
                "Hash" TEXT NOT NULL,
                "Status" TEXT NOT NULL,
                "ClientId" TEXT NOT NULL,
                "Subject" TEXT NULL,
                "AuthorizationId" TEXT NULL,
                "Scopes" TEXT NOT NULL,
                "CreatedAt" TEXT NOT NULL,
                "ExpiresAt" TEXT NOT NULL,
                "AbsoluteExpiresAt" TEXT NULL,
                "RedeemedAt" TEXT NULL,
                CONSTRAINT "FK_Tokens_Authorizations_AuthorizationId" FOREIGN KEY ("AuthorizationId") REFERENCES "Authorizations" ("Id") ON DELETE CASCADE
            );
            """);

        migrationBuilder.Sql("""
            CREATE INDEX "IX_AspNetRoleClaims_RoleId" ON "AspNetRoleClaims" ("RoleId");
            """);

        migrationBuilder.Sql("""
            CREATE UNIQUE INDEX "RoleNameIndex" ON "AspNetRoles" ("NormalizedName");
            """);

        migrationBuilder.Sql("""
            CREATE INDEX "IX_AspNetUserClaims_UserId" ON "AspNetUserClaims" ("UserId");
            """);

        migrationBuilder.Sql("""
            CREATE INDEX "IX_AspNetUserLogins_UserId" ON "AspNetUserLogins" ("UserId");
            """);

        migrationBuilder.Sql("""
            CREATE INDEX "IX_AspNetUserRoles_RoleId" ON "AspNetUserRoles" ("RoleId");
            """);

        migrationBuilder.Sql("""
            CREATE INDEX "EmailIndex" ON "AspNetUsers" ("NormalizedEmail");
            """);

        migrationBuilder.Sql("""
            CREATE UNIQUE INDEX "UserNameIndex" ON "AspNetUsers" ("NormalizedUserName");
            """);

        migrationBuilder.Sql("""
            CREATE INDEX "IX_Authorizations_Subject_ClientId_Status" ON "Authorizations" ("Subject", "ClientId", "Status");
            """);

        migrationBuilder.Sql("""
            CREATE UNIQUE INDEX "IX_Clients_ClientId" ON "Clients" ("ClientId");
            """);

        migrationBuilder.Sql("""
            CREATE UNIQUE INDEX "IX_Scopes_Name" ON "Scopes" ("Name");
            """);

        migrationBuilder.Sql("""
            CREATE INDEX "IX_Tokens_AuthorizationId" ON "Tokens" ("AuthorizationId");
            """);

        migrationBuilder.Sql("""
            CREATE INDEX "IX_Tokens_ExpiresAt" ON "Tokens" ("ExpiresAt");
            """);

        migrationBuilder.Sql("""
            CREATE UNIQUE INDEX "IX_Tokens_Hash" ON "Tokens" ("Hash");
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("Tokens");
        migrationBuilder.DropTable("AspNetUserTokens");
        migrationBuilder.DropTable("AspNetUserRoles");
        migrationBuilder.DropTable("AspNetUserLogins");
        migrationBuilder.DropTable("AspNetUserClaims");
        migrationBuilder.DropTable("AspNetRoleClaims");
        migrationBuilder.DropTable("SigningKeys");
        migrationBuilder.DropTable("Scopes");
        migrationBuilder.DropTable("Clients");
        migrationBuilder.DropTable("Authorizations");
        migrationBuilder.DropTable("AspNetUsers");
        migrationBuilder.DropTable("AspNetRoles");
    }
}
