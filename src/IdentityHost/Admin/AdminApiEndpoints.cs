using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace IdentityHost.Admin;

/// <summary>
/// The admin area as an HTTP API under <c>/admin/api</c>: the same actions, rules and audit records as the pages,
/// for a bearer access token granted the <c>admin</c> scope whose user has the <c>admin</c> role
/// (<see cref="AdminApiAuthorization"/>). Described in the OpenAPI document under the tag "Admin".
/// </summary>
public static class AdminApiEndpoints
{
    public const string Tag = "Admin";
    /// <summary>Where a refused client registration lists its problems in the validation problem (RFC 9457).</summary>
    public const string ProblemsKey = "client";

    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(AdminAccess.ApiPath)
            .WithTags(Tag)
            .AddEndpointFilter<AdminApiAuthorization>()
            .WithMetadata(AdminApiMetadata.Instance)
            .WithMetadata(
                new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(BearerErrorResponse), ["application/json"]),
                new ProducesResponseTypeMetadata(StatusCodes.Status403Forbidden, typeof(BearerErrorResponse), ["application/json"]));

        api.MapGet("/users", SearchUsersAsync).WithName("AdminSearchUsers")
            .WithSummary("Users whose username or email contains the search text, by username.");
        api.MapPost("/users/{id}/lock", LockUserAsync).WithName("AdminLockUser")
            .WithSummary("Locks the user until unlocked and signs them out everywhere (409 for your own account).")
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/users/{id}/unlock", UnlockUserAsync).WithName("AdminUnlockUser").WithSummary("Unlocks the user.");
        api.MapPost("/users/{id}/sign-out-everywhere", SignOutEverywhereAsync).WithName("AdminSignOutUserEverywhere")
            .WithSummary("Ends the user's browser sessions (within a minute) and revokes all their grants and refresh tokens.");
        api.MapDelete("/users/{id}", DeleteUserAsync).WithName("AdminDeleteUser")
            .WithSummary("Revokes the user's grants and deletes the account (409 for your own account).")
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/clients", ListClientsAsync).WithName("AdminListClients").WithSummary("All registered clients.");
        api.MapGet("/clients/{clientId}", GetClientAsync).WithName("AdminGetClient").WithSummary("One client.");
        api.MapPost("/clients", AddClientAsync).WithName("AdminAddClient")
            .WithSummary("Registers a client; a confidential one gets a generated secret, returned this once.");
        api.MapPatch("/clients/{clientId}", UpdateClientAsync).WithName("AdminUpdateClient")
            .WithSummary("Changes a client's settings (members left out keep their value; not its id, type or secret).");
        api.MapPost("/clients/{clientId}/secret", RotateSecretAsync).WithName("AdminRotateClientSecret")
            .WithSummary("Gives a confidential client a new generated secret, returned this once; the old one stops working.");
        api.MapDelete("/clients/{clientId}", RemoveClientAsync).WithName("AdminRemoveClient")
            .WithSummary("Removes the client with its grants and tokens.");

        api.MapGet("/authorizations", ListAuthorizationsAsync).WithName("AdminListAuthorizations")
            .WithSummary("Active authorizations (grants with a usable code or refresh token, or a remembered consent), latest first.");
        api.MapPost("/authorizations/{id}/revoke", RevokeAuthorizationAsync).WithName("AdminRevokeAuthorization")
            .WithSummary("Revokes the authorization and every token issued under it.");

        api.MapGet("/audit", ReadAuditAsync).WithName("AdminReadAudit").WithSummary("The audit log, latest first.");
        return app;
    }

    private static async Task<Ok<PageResponse<UserSummary>>> SearchUsersAsync(
        [FromQuery] string? search, [FromQuery] int? page, [FromQuery] int? pageSize, UserAdministration users, CancellationToken cancellationToken)
    {
        var found = await users.SearchAsync(search, page, pageSize, cancellationToken);
        return TypedResults.Ok(PageResponse<UserSummary>.From(found, u => u));
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> LockUserAsync(
        string id, HttpContext context, UserAdministration users, CancellationToken cancellationToken) =>
        UserResult(await users.LockAsync(id, AdminApiCaller.From(context).Actor, cancellationToken));

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> UnlockUserAsync(
        string id, HttpContext context, UserAdministration users, CancellationToken cancellationToken) =>
        UserResult(await users.UnlockAsync(id, AdminApiCaller.From(context).Actor, cancellationToken));

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> SignOutEverywhereAsync(
        string id, HttpContext context, UserAdministration users, CancellationToken cancellationToken) =>
        UserResult(await users.SignOutEverywhereAsync(id, AdminApiCaller.From(context).Actor, cancellationToken));

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteUserAsync(
        string id, HttpContext context, UserAdministration users, CancellationToken cancellationToken) =>
        UserResult(await users.DeleteAsync(id, AdminApiCaller.From(context).Actor, cancellationToken));

    private static Results<NoContent, NotFound, ProblemHttpResult> UserResult(AdminResult result) => result switch
    {
        AdminResult.Done => TypedResults.NoContent(),
        AdminResult.NotFound => TypedResults.NotFound(),
        _ => TypedResults.Problem("An admin cannot lock or delete their own account.", statusCode: StatusCodes.Status409Conflict),
    };

    private static async Task<Ok<List<ClientResponse>>> ListClientsAsync(ClientAdministration clients, CancellationToken cancellationToken) =>
        TypedResults.Ok((await clients.ListAsync(cancellationToken)).Select(c => ClientResponse.From(c, clients.IsConfigured(c.ClientId))).ToList());

    private static async Task<Results<Ok<ClientResponse>, NotFound>> GetClientAsync(
        string clientId, ClientAdministration clients, CancellationToken cancellationToken) =>
        await clients.FindAsync(clientId, cancellationToken) is { } client
            ? TypedResults.Ok(ClientResponse.From(client, clients.IsConfigured(clientId)))
            : TypedResults.NotFound();

    private static async Task<Results<Created<ClientSecretResponse>, ValidationProblem>> AddClientAsync(
        ClientRequest request, HttpContext context, ClientAdministration clients, CancellationToken cancellationToken)
    {
        var change = await clients.AddAsync(request.ApplyTo(null), generateSecret: true, AdminApiCaller.From(context).Actor, cancellationToken);
        if (change.Client is not { } client)
        {
            return Problems(change);
        }
        var response = new ClientSecretResponse(ClientResponse.From(client, clients.IsConfigured(client.ClientId)), change.Secret);
        return TypedResults.Created($"{AdminAccess.ApiPath}/clients/{Uri.EscapeDataString(client.ClientId)}", response);
    }

    private static async Task<Results<Ok<ClientResponse>, NotFound, ValidationProblem>> UpdateClientAsync(
        string clientId, ClientRequest request, HttpContext context, ClientAdministration clients, CancellationToken cancellationToken)
    {
        if (await clients.FindAsync(clientId, cancellationToken) is not { } current)
        {
            return TypedResults.NotFound();
        }
        if ((request.ClientId is not null && request.ClientId != current.ClientId) || (request.Type is not null && request.Type != current.Type))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [ProblemsKey] = ["A client's id and type cannot change; register a new client instead."],
            });
        }
        var settings = request.ApplyTo(ClientAdministration.ToRegistration(current));
        var change = await clients.UpdateAsync(clientId, settings, AdminApiCaller.From(context).Actor, cancellationToken);
        return change switch
        {
            { Result: AdminResult.NotFound } => TypedResults.NotFound(),
            { Client: { } client } => TypedResults.Ok(ClientResponse.From(client, clients.IsConfigured(clientId))),
            _ => Problems(change),
        };
    }

    private static async Task<Results<Ok<ClientSecretResponse>, NotFound, ValidationProblem>> RotateSecretAsync(
        string clientId, HttpContext context, ClientAdministration clients, CancellationToken cancellationToken)
    {
        var change = await clients.RotateSecretAsync(clientId, AdminApiCaller.From(context).Actor, cancellationToken);
        return change switch
        {
            { Result: AdminResult.NotFound } => TypedResults.NotFound(),
            { Client: { } client } => TypedResults.Ok(new ClientSecretResponse(ClientResponse.From(client, clients.IsConfigured(clientId)), change.Secret)),
            _ => Problems(change),
        };
    }

    private static async Task<Results<NoContent, NotFound>> RemoveClientAsync(
        string clientId, HttpContext context, ClientAdministration clients, CancellationToken cancellationToken) =>
        await clients.RemoveAsync(clientId, AdminApiCaller.From(context).Actor, cancellationToken) == AdminResult.Done
            ? TypedResults.NoContent()
            : TypedResults.NotFound();

    private static async Task<Ok<PageResponse<AuthorizationSummary>>> ListAuthorizationsAsync(
        [FromQuery] string? userId, [FromQuery] string? clientId, [FromQuery] int? page, [FromQuery] int? pageSize,
        AuthorizationAdministration authorizations, CancellationToken cancellationToken)
    {
        var found = await authorizations.ListActiveAsync(userId, clientId, page, pageSize, cancellationToken);
        return TypedResults.Ok(PageResponse<AuthorizationSummary>.From(found, a => a));
    }

    private static async Task<Results<NoContent, NotFound>> RevokeAuthorizationAsync(
        string id, HttpContext context, AuthorizationAdministration authorizations, CancellationToken cancellationToken) =>
        await authorizations.RevokeAsync(id, AdminApiCaller.From(context).Actor, cancellationToken) == AdminResult.Done
            ? TypedResults.NoContent()
            : TypedResults.NotFound();

    private static async Task<Ok<PageResponse<AuditEventResponse>>> ReadAuditAsync(
        [FromQuery] int? page, [FromQuery] int? pageSize, [FromQuery] string? action, [FromQuery] string? subject,
        AuditLog audit, CancellationToken cancellationToken)
    {
        var events = await audit.ReadAsync(page, pageSize, cancellationToken, action, subject);
        return TypedResults.Ok(PageResponse<AuditEventResponse>.From(events, AuditEventResponse.From));
    }

    private static ValidationProblem Problems(ClientChange change) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [ProblemsKey] = change.Problems.ToArray() });
}

/// <summary>Marks the admin API's endpoints, so the OpenAPI document can state their security requirement.</summary>
public sealed class AdminApiMetadata
{
    public static readonly AdminApiMetadata Instance = new();
}
