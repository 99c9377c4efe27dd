using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace IdentityHost.Tests.Infrastructure.StandIns;

/// <summary>A Google account as its OpenID Connect userinfo endpoint describes it.</summary>
public sealed record GoogleAccount(string Sub, string? Email, bool EmailVerified, string? Name);

/// <summary>
/// Google's OAuth 2.0 endpoints with their real shapes: <c>/o/oauth2/v2/auth</c> (here PKCE S256 is required, to prove
/// IdentityHost sends it), <c>/token</c> (errors as 400 <c>invalid_grant</c>), and the OpenID Connect userinfo endpoint
/// <c>/v1/userinfo</c> (bearer only) with <c>sub</c>, <c>email</c>, <c>email_verified</c>.
/// </summary>
public sealed class GoogleStandIn() : ProviderStandIn("google")
{
    private readonly ConcurrentDictionary<string, GoogleAccount> _accounts = new(StringComparer.Ordinal);

    public override string AuthorizationEndpoint => BaseAddress + "/o/oauth2/v2/auth";

    public string Put(GoogleAccount account, string? key = null)
    {
        key ??= account.Sub;
        _accounts[key] = account;
        return key;
    }

    public override void Configure(IDictionary<string, string?> settings)
    {
        settings["Authentication:Google:ClientId"] = ClientId;
        settings["Authentication:Google:ClientSecret"] = ClientSecret;
        settings["Authentication:Google:AuthorizationEndpoint"] = AuthorizationEndpoint;
        settings["Authentication:Google:TokenEndpoint"] = BaseAddress + "/token";
        settings["Authentication:Google:UserInformationEndpoint"] = BaseAddress + "/v1/userinfo";
    }

    protected override void Map(WebApplication app)
    {
        app.MapGet("/o/oauth2/v2/auth", (HttpContext context) =>
            Authorize(context, _accounts.ContainsKey, requiredScope: "openid", requirePkce: true));

        app.MapPost("/token", async (HttpContext context) =>
        {
            // Google's answer also has an id_token; IdentityHost reads the userinfo endpoint instead (as ASP.NET Core's
            // Google handler does), so the stand-in leaves it out rather than mint an unsigned imitation.
            return await RedeemAsync(context.Request) is { } token
                ? Results.Json(new { access_token = token.AccessToken, expires_in = 3599, scope = token.Scope, token_type = "Bearer" }, Json)
                : Results.Json(new { error = "invalid_grant", error_description = "Bad Request" }, Json, statusCode: 400);
        });

        app.MapGet("/v1/userinfo", (HttpContext context) =>
        {
            if (Bearer(context.Request, allowTokenScheme: false) is not { } token || !_accounts.TryGetValue(token.Account, out var account))
            {
                context.Response.Headers.WWWAuthenticate = "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"";
                return Results.Json(new { error = "invalid_request", error_description = "Invalid Credentials" }, Json, statusCode: 401);
            }
            var body = new Dictionary<string, object?> { ["sub"] = account.Sub, ["name"] = account.Name, ["picture"] = "https://lh3.googleusercontent.com/a/x" };
            if (account.Email is not null)
            {
                body["email"] = account.Email;
                body["email_verified"] = account.EmailVerified;
            }
            return Results.Json(body, Json);
        });
    }
}
