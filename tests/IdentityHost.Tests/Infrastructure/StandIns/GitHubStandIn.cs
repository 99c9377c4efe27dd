using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace IdentityHost.Tests.Infrastructure.StandIns;

/// <summary>One address of GitHub's <c>GET /user/emails</c>.</summary>
public sealed record GitHubEmail(string Email, bool Primary, bool Verified, string? Visibility = "private");

/// <summary>A GitHub account: numeric id, login, display name, the public profile email (never verified), and the
/// emails list.</summary>
public sealed record GitHubAccount(long Id, string Login, string? Name, string? PublicEmail, IReadOnlyList<GitHubEmail> Emails)
{
    /// <summary>An account whose primary address is <paramref name="email"/>, verified or not.</summary>
    public static GitHubAccount With(long id, string login, string? email, bool verified = true) =>
        new(id, login, login.ToUpperInvariant(), email, email is null ? [] : [new GitHubEmail(email, Primary: true, verified)]);
}

/// <summary>
/// GitHub's OAuth app endpoints with their real shapes: <c>/login/oauth/authorize</c>, <c>/login/oauth/access_token</c>
/// (JSON only when asked with <c>Accept: application/json</c>, form-encoded otherwise; errors as 200 with an
/// <c>error</c> member), and the API's <c>/user</c> and <c>/user/emails</c> (a bearer or <c>token</c> authorization
/// and a User-Agent required; the emails list needs the <c>user:email</c> scope).
/// </summary>
public sealed class GitHubStandIn() : ProviderStandIn("github")
{
    private readonly ConcurrentDictionary<string, GitHubAccount> _accounts = new(StringComparer.Ordinal);

    public override string AuthorizationEndpoint => BaseAddress + "/login/oauth/authorize";

    /// <summary>Adds or replaces an account; <see cref="ProviderStandIn.AuthorizeAsync"/> names it by <paramref name="key"/>.</summary>
    public string Put(GitHubAccount account, string? key = null)
    {
        key ??= account.Login;
        _accounts[key] = account;
        return key;
    }

    public override void Configure(IDictionary<string, string?> settings)
    {
        settings["Authentication:GitHub:ClientId"] = ClientId;
        settings["Authentication:GitHub:ClientSecret"] = ClientSecret;
        settings["Authentication:GitHub:AuthorizationEndpoint"] = AuthorizationEndpoint;
        settings["Authentication:GitHub:TokenEndpoint"] = BaseAddress + "/login/oauth/access_token";
        settings["Authentication:GitHub:UserInformationEndpoint"] = BaseAddress + "/user";
        settings["Authentication:GitHub:EmailsEndpoint"] = BaseAddress + "/user/emails";
    }

    protected override void Map(WebApplication app)
    {
        app.MapGet("/login/oauth/authorize", (HttpContext context) =>
            Authorize(context, _accounts.ContainsKey, requiredScope: null, requirePkce: false));

        app.MapPost("/login/oauth/access_token", async (HttpContext context) =>
        {
            var redeemed = await RedeemAsync(context.Request);
            var wantsJson = context.Request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase);
            Dictionary<string, string> body = redeemed is { } token
                ? new() { ["access_token"] = token.AccessToken, ["token_type"] = "bearer", ["scope"] = token.Scope.Replace(' ', ',') }
                : new() { ["error"] = "bad_verification_code", ["error_description"] = "The code passed is incorrect or expired.",
                    ["error_uri"] = "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#bad-verification-code" };
            return wantsJson
                ? Results.Json(body, Json)
                : Results.Text(string.Join('&', body.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}")), "application/x-www-form-urlencoded");
        });

        app.MapGet("/user", (HttpContext context) => Api(context, needsEmailScope: false, account => new
        {
            login = account.Login,
            id = account.Id,
            node_id = $"U_{account.Id}",
            avatar_url = $"https://avatars.githubusercontent.com/u/{account.Id}?v=4",
            type = "User",
            name = account.Name,
            email = account.PublicEmail,
        }));

        app.MapGet("/user/emails", (HttpContext context) => Api(context, needsEmailScope: true, account =>
            account.Emails.Select(e => new { email = e.Email, primary = e.Primary, verified = e.Verified, visibility = e.Visibility }).ToArray()));
    }

    private IResult Api(HttpContext context, bool needsEmailScope, Func<GitHubAccount, object> body)
    {
        if (string.IsNullOrEmpty(context.Request.Headers.UserAgent))
        {
            return Results.Text("Request forbidden by administrative rules. Please make sure your request has a User-Agent header.",
                "text/plain", statusCode: StatusCodes.Status403Forbidden);
        }
        if (Bearer(context.Request, allowTokenScheme: true) is not { } token || !_accounts.TryGetValue(token.Account, out var account))
        {
            return Results.Json(new { message = "Bad credentials", documentation_url = "https://docs.github.com/rest" }, Json, statusCode: 401);
        }
        if (needsEmailScope && !token.Scope.Split(' ', ',').Contains("user:email"))
        {
            return Results.Json(new { message = "Not Found", documentation_url = "https://docs.github.com/rest" }, Json, statusCode: 404);
        }
        return Results.Json(body(account), Json);
    }
}
