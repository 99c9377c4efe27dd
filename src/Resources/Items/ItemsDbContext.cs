using Microsoft.EntityFrameworkCore;

namespace Resources.Items;

/// <summary>
/// The item store. Its schema is created by the hand-written migrations in <c>migrations/Resources</c>;
/// a test proves they produce exactly what this model describes.
/// </summary>
public sealed class ItemsDbContext(DbContextOptions<ItemsDbContext> options) : DbContext(options)
{
    public const string ItemsTable = "Items";

    public DbSet<Item> Items => Set<Item>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var item = modelBuilder.Entity<Item>();
        item.ToTable(ItemsTable);
        item.HasKey(i => i.Id);
        item.Property(i => i.Name).IsRequired().HasMaxLength(ItemName.MaxLength);
        item.Property(i => i.CreatedBy).HasMaxLength(Item.MaxCreatedByLength);
        item.Property(i => i.CreatedAt).IsRequired();
    }
}
