using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Resources.Authentication;
using Resources.Authorization;
using Resources.Logging;

namespace Resources.Items;

/// <summary><c>/items</c>: list (read:items), create (write:items), delete (admin).</summary>
public sealed class ItemsEndpoints
{
    public const string Path = "/items";

    /// <summary>Largest page <c>GET /items</c> returns, so one request cannot read the whole store.</summary>
    public const int MaxPageSize = 100;

    private ItemsEndpoints()
    {
    }

    internal static IEndpointRouteBuilder Map(IEndpointRouteBuilder app)
    {
        var items = app.MapGroup(Path).WithTags("Items");
        items.MapGet("/", ListItemsAsync).RequireAuthorization(ScopePolicies.ReadItems);
        items.MapPost("/", CreateItemAsync).RequireAuthorization(ScopePolicies.WriteItems);
        items.MapDelete("/{id:long}", DeleteItemAsync).RequireAuthorization(ScopePolicies.Admin);
        return app;
    }

    /// <summary>
    /// Items in id order, <paramref name="limit"/> at a time after the id <paramref name="after"/> (keyset paging).
    /// A named method so a benchmark-only route can map the same handler without authorization.
    /// </summary>
    public static async Task<Results<Ok<ItemResponse[]>, ValidationProblem>> ListItemsAsync(
        ItemsDbContext db, long? after, int? limit, CancellationToken cancellationToken)
    {
        var pageSize = limit ?? MaxPageSize;
        if (pageSize is < 1 or > MaxPageSize)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["limit"] = [$"The limit must be between 1 and {MaxPageSize}."],
            });
        }

        var afterId = after ?? 0;
        var page = await db.Items
            .AsNoTracking()
            .Where(item => item.Id > afterId)
            .OrderBy(item => item.Id)
            .Take(pageSize)
            .Select(item => new ItemResponse(item.Id, item.Name, item.CreatedBy, item.CreatedAt))
            .ToArrayAsync(cancellationToken);

        return TypedResults.Ok(page);
    }

    public static async Task<Results<Created<ItemResponse>, ValidationProblem>> CreateItemAsync(
        CreateItemRequest? request,
        ItemsDbContext db,
        TimeProvider timeProvider,
        ClaimsPrincipal user,
        ILogger<ItemsEndpoints> logger,
        CancellationToken cancellationToken)
    {
        if (!ItemName.TryNormalize(request?.Name, out var name, out var error))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = [error!] });
        }

        var item = new Item
        {
            Name = name,
            CreatedBy = user.FindFirst(AccessTokenClaims.Subject)?.Value,
            CreatedAt = timeProvider.GetUtcNow(),
        };
        db.Items.Add(item);
        await db.SaveChangesAsync(cancellationToken);
        logger.ItemCreated(item.Id, item.CreatedBy);

        return TypedResults.Created(
            $"{Path}/{item.Id}", new ItemResponse(item.Id, item.Name, item.CreatedBy, item.CreatedAt));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteItemAsync(
        long id, ItemsDbContext db, ClaimsPrincipal user, ILogger<ItemsEndpoints> logger, CancellationToken cancellationToken)
    {
        // One statement: whether a row went away is the answer, with no read-then-delete race.
        var deleted = await db.Items.Where(item => item.Id == id).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound, title: "Item not found", detail: $"There is no item {id}.");
        }

        logger.ItemDeleted(id, user.FindFirst(AccessTokenClaims.Subject)?.Value);
        return TypedResults.NoContent();
    }
}
