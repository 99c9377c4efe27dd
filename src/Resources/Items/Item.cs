namespace Resources.Items;

/// <summary>An item in the API's own store.</summary>
public sealed class Item
{
    public long Id { get; set; }

    public required string Name { get; set; }

    /// <summary>Longest <see cref="CreatedBy"/> stored.</summary>
    public const int MaxCreatedByLength = 256;

    /// <summary>The <c>sub</c> of the token that created the item; null for a token without a subject.</summary>
    public string? CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
