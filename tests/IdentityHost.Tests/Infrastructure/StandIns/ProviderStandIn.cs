using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IdentityHost.Tests.Infrastructure.StandIns;

/// <summary>
/// A stand-in OAuth 2.0 provider: a real Kestrel server on 127.0.0.1 (random port), so IdentityHost's OAuth handler
/// talks to it over real HTTP, unchanged. Which of its accounts "is signed in at the provider" is chosen per
/// authorization request by <see cref="UserParameter"/> (the stand-in's stand-in for the provider's own session), so
/// tests sharing a stand-in never race on shared state.
/// </summary>
public abstract class ProviderStandIn : IAsyncDisposable, IDisposable
{
    /// <summary>Added by tests to the authorization URL: the account that approves the request.</summary>
    public const string UserParameter = "stand_in_user";
    /// <summary>Added by tests to the authorization URL: the user presses "Cancel" (RFC 6749 §4.1.2.1 access_denied).</summary>
    public const string DenyParameter = "stand_in_deny";

    protected static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = null };

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, IssuedCode> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IssuedToken> _tokens = new(StringComparer.Ordinal);

    protected ProviderStandIn(string name)
    {
        Name = name;
        ClientId = $"{name}-client-{Guid.NewGuid():N}"[..24];
        ClientSecret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "StandIn" });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        Map(_app);
        _app.StartAsync().GetAwaiter().GetResult();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = address.TrimEnd('/');
    }

    /// <summary>The scheme name at IdentityHost: <c>github</c> or <c>google</c>.</summary>
    public string Name { get; }
    public string ClientId { get; }
    public string ClientSecret { get; }
    /// <summary><c>http://127.0.0.1:port</c>.</summary>
    public string BaseAddress { get; }
    public abstract string AuthorizationEndpoint { get; }

    /// <summary>How many token requests were refused (wrong secret, code, redirect URI or PKCE verifier).</summary>
    public int RefusedTokenRequests => _refusedTokenRequests;
    private int _refusedTokenRequests;

    /// <summary>Points IdentityHost's <c>Authentication:{provider}</c> settings at this stand-in.</summary>
    public abstract void Configure(IDictionary<string, string?> settings);

    protected abstract void Map(WebApplication app);

    /// <summary>
    /// What a browser does at the provider: GETs the authorization URL IdentityHost redirected to, as
    /// <paramref name="account"/> (or pressing Cancel), and returns the provider's answer — a 302 back to
    /// IdentityHost's callback with <c>code</c> and <c>state</c> (or <c>error=access_denied</c>).
    /// </summary>
    public async Task<HttpResponseMessage> AuthorizeAsync(Uri authorizationUrl, string account, bool deny = false)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        var url = QueryHelpers.AddQueryString(authorizationUrl.AbsoluteUri, deny ? DenyParameter : UserParameter, deny ? "1" : account);
        return await client.GetAsync(url);
    }

    /// <summary>The authorization endpoint (RFC 6749 §4.1.1–4.1.2): checks the client and redirect URI, then answers
    /// with a code bound to them (and to the PKCE challenge, when sent).</summary>
    protected IResult Authorize(HttpContext context, Func<string, bool> accountExists, string? requiredScope, bool requirePkce)
    {
        var query = context.Request.Query;
        var redirectUri = query["redirect_uri"].ToString();
        if (query["client_id"] != ClientId || !Uri.TryCreate(redirectUri, UriKind.Absolute, out _))
        {
            // A real provider shows an error page here rather than redirecting to an unverified URI.
            return Results.BadRequest("unknown client or redirect_uri");
        }
        var state = query["state"].ToString();
        if (query[DenyParameter] == "1")
        {
            return Results.Redirect(QueryHelpers.AddQueryString(redirectUri, new Dictionary<string, string?>
            {
                ["error"] = "access_denied", ["error_description"] = "The user has denied your application access.", ["state"] = state,
            }));
        }
        var account = query[UserParameter].ToString();
        var scope = query["scope"].ToString();
        var challenge = query["code_challenge"].ToString();
        if (query["response_type"] != "code" || !accountExists(account) || string.IsNullOrEmpty(state)
            || (requiredScope is not null && !scope.Split(' ').Contains(requiredScope))
            || (requirePkce && (string.IsNullOrEmpty(challenge) || query["code_challenge_method"] != "S256")))
        {
            return Results.BadRequest("bad authorization request");
        }
        var code = NewSecret();
        _codes[code] = new IssuedCode(redirectUri, account, scope, string.IsNullOrEmpty(challenge) ? null : challenge);
        return Results.Redirect(QueryHelpers.AddQueryString(redirectUri, new Dictionary<string, string?> { ["code"] = code, ["state"] = state }));
    }

    /// <summary>The token endpoint (RFC 6749 §4.1.3, RFC 7636 §4.6): a form POST with the client's id and secret in the
    /// body; the code is single use. Returns the access token, or null after counting a refusal.</summary>
    protected async Task<(string AccessToken, string Scope)?> RedeemAsync(HttpRequest request)
    {
        if (!request.HasFormContentType)
        {
            return Refuse();
        }
        var form = await request.ReadFormAsync();
        if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret || form["grant_type"] != "authorization_code"
            || !_codes.TryRemove(form["code"].ToString(), out var code) || form["redirect_uri"] != code.RedirectUri)
        {
            return Refuse();
        }
        if (code.Challenge is not null && CodeFlowClients.Challenge(form["code_verifier"].ToString()) != code.Challenge)
        {
            return Refuse();
        }
        var token = NewSecret();
        _tokens[token] = new IssuedToken(code.Account, code.Scope);
        return (token, code.Scope);
    }

    /// <summary>The account and scope of a bearer token (RFC 6750 §2.1; GitHub also accepts <c>token</c>).</summary>
    protected IssuedToken? Bearer(HttpRequest request, bool allowTokenScheme)
    {
        var header = request.Headers.Authorization.ToString();
        var value = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..]
            : allowTokenScheme && header.StartsWith("token ", StringComparison.OrdinalIgnoreCase) ? header[6..]
            : null;
        return value is not null && _tokens.TryGetValue(value, out var token) ? token : null;
    }

    private (string, string)? Refuse()
    {
        Interlocked.Increment(ref _refusedTokenRequests);
        return null;
    }

    private static string NewSecret() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(24));

    private sealed record IssuedCode(string RedirectUri, string Account, string Scope, string? Challenge);

    protected sealed record IssuedToken(string Account, string Scope);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
