using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Resources.Items;

namespace Resources.Migrations;

/// <summary>
/// Creates the item store. Hand-written (DESIGN.md §4: no <c>dotnet ef</c> here); ItemsSchemaTests proves it
/// creates the schema <see cref="ItemsDbContext"/> describes.
/// </summary>
[DbContext(typeof(ItemsDbContext))]
[Migration("20261123000000_InitialItems")]
public sealed class InitialItems : Migration
{
    // Values are literal on purpose: a migration records the schema as it was, whatever the model says later.
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Items",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false)
                    .Annotation("Sqlite:Autoincrement", true),
                Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Items", item => item.Id));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "Items");
    }
}
