using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Resources.Tests.Infrastructure;

/// <summary>
/// A stand-in for IdentityHost at the HTTP boundary: a real Kestrel server on 127.0.0.1 that serves a discovery
/// document and a JWKS, and mints access tokens the way IdentityHost does (RS256, <c>typ: at+jwt</c>).
/// </summary>
public sealed class TestIssuer : IAsyncDisposable
{
    public const string DiscoveryPath = "/.well-known/openid-configuration";
    public const string JwksPath = "/.well-known/jwks";

    private readonly WebApplication _server;
    private readonly object _keysLock = new();
    private List<TestSigningKey> _publishedKeys;
    private readonly List<TestSigningKey> _withdrawnKeys = [];
    private int _jwksRequests;
    private TaskCompletionSource? _jwksGate;
    private bool _jwksUnavailable;

    private readonly string _advertisedIssuer;

    private TestIssuer(WebApplication server, string issuer, string? advertisedIssuer, TestSigningKey firstKey)
    {
        _server = server;
        Issuer = issuer;
        _advertisedIssuer = advertisedIssuer ?? issuer;
        _publishedKeys = [firstKey];
    }

    /// <summary>The issuer identifier, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).</summary>
    public string Issuer { get; }

    /// <summary>The newest published key; tokens are signed with it unless a test says otherwise.</summary>
    public TestSigningKey CurrentKey
    {
        get
        {
            lock (_keysLock)
            {
                return _publishedKeys[^1];
            }
        }
    }

    public int JwksRequests => Volatile.Read(ref _jwksRequests);

    /// <param name="advertisedIssuer">
    /// The <c>issuer</c> the discovery document claims, when a test needs it to differ from the address it is
    /// served from (OIDC Discovery §4.3 says it must not).
    /// </param>
    public static async Task<TestIssuer> StartAsync(string? advertisedIssuer = null)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var server = builder.Build();

        TestIssuer? issuer = null;
        server.Run(context => issuer!.HandleAsync(context));
        await server.StartAsync();

        var address = server.Services.GetRequiredService<IServer>().Features
            .GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        issuer = new TestIssuer(server, address.TrimEnd('/'), advertisedIssuer, new TestSigningKey("key-1"));
        return issuer;
    }

    /// <summary>Publishes a new key (a rotation) and makes it the one new tokens are signed with.</summary>
    public TestSigningKey RotateKey()
    {
        lock (_keysLock)
        {
            var key = new TestSigningKey($"key-{_publishedKeys.Count + 1}");
            _publishedKeys = [.. _publishedKeys, key];
            return key;
        }
    }

    /// <summary>Takes a key out of the JWKS, as IdentityHost does when a key is removed or revoked.</summary>
    public void WithdrawKey(TestSigningKey key)
    {
        lock (_keysLock)
        {
            _publishedKeys = [.. _publishedKeys.Where(published => published != key)];
            _withdrawnKeys.Add(key);
        }
    }

    /// <summary>While true, the JWKS is answered <c>500</c>, as by an issuer that is failing.</summary>
    public bool JwksUnavailable
    {
        get => Volatile.Read(ref _jwksUnavailable);
        set => Volatile.Write(ref _jwksUnavailable, value);
    }

    /// <summary>
    /// Makes JWKS responses wait until the returned source is completed, so a test can keep a fetch in flight
    /// while more requests arrive.
    /// </summary>
    public TaskCompletionSource HoldJwks()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _jwksGate, gate);
        return gate;
    }

    public string CreateAccessToken(AccessTokenSpec spec)
    {
        var issuedAt = spec.IssuedAt ?? DateTimeOffset.UtcNow;
        var claims = new Dictionary<string, object> { ["jti"] = Guid.NewGuid().ToString("N") };
        AddIfSet(claims, "sub", spec.Subject);
        AddIfSet(claims, "client_id", spec.ClientId);
        AddIfSet(claims, "scope", spec.Scope);

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = spec.Issuer ?? Issuer,
            Audience = spec.Audience,
            IssuedAt = issuedAt.UtcDateTime,
            Expires = spec.Lifetime is { } lifetime ? (issuedAt + lifetime).UtcDateTime : null,
            TokenType = spec.TokenType,
            Claims = claims,
            SigningCredentials = spec.Unsigned ? null : spec.SigningCredentials ?? CurrentKey.Rs256,
        };

        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return handler.CreateToken(descriptor);
    }

    /// <summary>A valid token granting <paramref name="scope"/> (space-separated), or no scope at all.</summary>
    public string CreateAccessToken(string? scope = null) => CreateAccessToken(new AccessTokenSpec { Scope = scope });

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        await _server.DisposeAsync();
        lock (_keysLock)
        {
            foreach (var key in _publishedKeys.Concat(_withdrawnKeys))
            {
                key.Dispose();
            }
        }
    }

    private static void AddIfSet(Dictionary<string, object> claims, string name, string? value)
    {
        if (value is not null)
        {
            claims[name] = value;
        }
    }

    private Task HandleAsync(HttpContext context)
    {
        switch (context.Request.Path.Value)
        {
            case DiscoveryPath:
                return WriteJsonAsync(context, new Dictionary<string, object>
                {
                    ["issuer"] = _advertisedIssuer,
                    ["jwks_uri"] = Issuer + JwksPath,
                    ["id_token_signing_alg_values_supported"] = new[] { SecurityAlgorithms.RsaSha256 },
                });

            case JwksPath:
                Interlocked.Increment(ref _jwksRequests);
                return WriteJwksAsync(context);

            default:
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
        }
    }

    private async Task WriteJwksAsync(HttpContext context)
    {
        if (Volatile.Read(ref _jwksGate) is { } gate)
        {
            await gate.Task;
        }
        if (JwksUnavailable)
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }

        List<TestSigningKey> keys;
        lock (_keysLock)
        {
            keys = _publishedKeys;
        }

        await WriteJsonAsync(context, new { keys = keys.Select(key => key.ToPublicJwk()).ToArray() });
    }

    private static Task WriteJsonAsync(HttpContext context, object body)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
