using IdentityHost.Accounts;
using IdentityHost.Configuration;
using IdentityHost.Endpoints.Shared;
using IdentityHost.Endpoints.UserInfo;
using IdentityHost.Tokens;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace IdentityHost.Admin;

/// <summary>The admin an admin API request acts for, once <see cref="AdminApiAuthorization"/> let it through.</summary>
public sealed record AdminApiCaller(ApplicationUser User, string ClientId)
{
    public AdminActor Actor => AdminActor.Api(User.Id, ClientId);

    public static AdminApiCaller From(HttpContext context) =>
        context.Features.Get<AdminApiCaller>() ?? throw new InvalidOperationException("The admin API filter did not run.");
}

/// <summary>
/// The gate of every admin API endpoint, in order: a bearer token (RFC 6750 §2; cookies are never accepted, so the
/// API needs no CSRF defence), valid as one of our access tokens (<see cref="AccessTokenValidator"/>: signature,
/// issuer, this server as audience, lifetime, its grant not revoked, its user still active), granted the
/// <see cref="AdminAccess.Scope"/> scope, and issued to a user who is an admin now — the role is read from the store
/// on each request, not from the token, so taking it away takes effect at once. RFC 6750 §3.1 errors:
/// 401 <c>invalid_token</c>, 403 <c>insufficient_scope</c>.
/// </summary>
public sealed partial class AdminApiAuthorization(
    AccessTokenValidator validator,
    UserManager<ApplicationUser> users,
    IOptions<IdentityHostOptions> options,
    ILogger<AdminApiAuthorization> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        // Answers name users and carry one-time secrets: never cached.
        ProtocolResponses.PreventCaching(context.Response);

        var (token, readError) = await BearerTokenReader.ReadAsync(context.Request, options.Value.MaxRequestBodyBytes, context.RequestAborted);
        if (readError is not null)
        {
            await BearerChallenge.WriteErrorAsync(context, readError);
            return Results.Empty;
        }
        if (token is null)
        {
            await BearerChallenge.WriteMissingTokenAsync(context);
            return Results.Empty;
        }

        var validation = await validator.ValidateAsync(token, context.RequestAborted);
        if (validation.Token is not { } accessToken)
        {
            await BearerChallenge.WriteErrorAsync(context, BearerChallenge.InvalidToken("The access token is invalid, expired or revoked."));
            return Results.Empty;
        }
        if (!accessToken.Scopes.Contains(AdminAccess.Scope))
        {
            LogRefused(logger, accessToken.Subject, accessToken.ClientId, "scope");
            await BearerChallenge.WriteErrorAsync(context,
                BearerChallenge.InsufficientScope($"The access token was not granted the {AdminAccess.Scope} scope."), AdminAccess.Scope);
            return Results.Empty;
        }
        // A client's own token (client_credentials) has no user, so no admin behind it.
        if (accessToken.User is not { } user || !await users.IsInRoleAsync(user, AdminAccess.Role))
        {
            LogRefused(logger, accessToken.Subject, accessToken.ClientId, "role");
            await BearerChallenge.WriteErrorAsync(context,
                BearerChallenge.InsufficientScope($"The access token's user does not have the {AdminAccess.Role} role."));
            return Results.Empty;
        }

        context.Features.Set(new AdminApiCaller(user, accessToken.ClientId));
        return await next(invocation);
    }

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Admin API refused subject {Subject} of client {ClientId}: missing {Missing}.")]
    private static partial void LogRefused(ILogger logger, string subject, string clientId, string missing);
}
