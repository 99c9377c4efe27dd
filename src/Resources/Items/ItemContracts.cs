namespace Resources.Items;

/// <summary>The body of <c>POST /items</c>.</summary>
public sealed record CreateItemRequest(string? Name);

/// <summary>An item as the API returns it.</summary>
public sealed record ItemResponse(long Id, string Name, string? CreatedBy, DateTimeOffset CreatedAt);
