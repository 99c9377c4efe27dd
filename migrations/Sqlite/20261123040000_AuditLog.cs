using IdentityHost.Stores;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace IdentityHost.Migrations.Sqlite;

/// <summary>The audit log of administrative actions (admin area, admin API, command line), read latest first.</summary>
[DbContext(typeof(IdentityHostDbContext))]
[Migration("20261123040000_AuditLog")]
public sealed class AuditLog : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "AuditEvents",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                OccurredAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                Actor = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                Action = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                Subject = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                Details = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_AuditEvents", x => x.Id));

        migrationBuilder.CreateIndex(name: "IX_AuditEvents_OccurredAt", table: "AuditEvents", column: "OccurredAt");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "AuditEvents");
    }
}
