using System.Security.Claims;
using System.Text.Json.Serialization;
using Resources.Authentication;
using Resources.Authorization;

namespace Resources.Me;

/// <summary><c>GET /me</c>: who the access token speaks for; any valid token may ask.</summary>
public static class MeEndpoint
{
    public const string Path = "/me";

    internal static IEndpointRouteBuilder Map(IEndpointRouteBuilder app)
    {
        app.MapGet(Path, GetMe).RequireAuthorization().WithTags("Me");
        return app;
    }

    public static MeResponse GetMe(ClaimsPrincipal user) => new(
        user.FindFirst(AccessTokenClaims.Subject)?.Value,
        user.FindFirst(AccessTokenClaims.ClientId)?.Value,
        GrantedScopes.Of(user).Distinct(StringComparer.Ordinal).ToArray());
}

/// <summary>The caller as its access token describes it, with the token's own claim names.</summary>
public sealed record MeResponse(
    [property: JsonPropertyName(AccessTokenClaims.Subject)] string? Sub,
    [property: JsonPropertyName(AccessTokenClaims.ClientId)] string? ClientId,
    [property: JsonPropertyName("scopes")] string[] Scopes);
