using System.Net.Http.Headers;
using System.Text;
using IdentityHost.Endpoints.Shared;
using IdentityHost.Protocol;
using IdentityHost.Stores;
using IdentityHost.Throttling;
using Microsoft.EntityFrameworkCore;

namespace IdentityHost.Endpoints.Token;

/// <summary>The outcome of client authentication; <see cref="UsedBasic"/> decides the 401 challenge.</summary>
public sealed record ClientAuthenticationResult(ClientEntity? Client, OAuthError? Error, bool UsedBasic);

/// <summary>
/// Authenticates the client of a token request (RFC 6749 §2.3.1): <c>client_secret_basic</c> or
/// <c>client_secret_post</c> for confidential clients, <c>client_id</c> alone for public ones.
/// An unknown client and a wrong secret are indistinguishable, in answer and in time.
/// </summary>
public sealed partial class ClientAuthenticator(IdentityHostDbContext db, ClientCache clients, ClientSecretVerifier secrets,
    ClientAuthenticationThrottle throttle, ILogger<ClientAuthenticator> logger)
{
    private const string Failed = "Client authentication failed.";

    public async Task<ClientAuthenticationResult> AuthenticateAsync(HttpRequest request, ProtocolParameters parameters, CancellationToken cancellationToken)
    {
        var basic = ReadBasicCredentials(request, out var basicError);
        if (basicError is not null)
        {
            return new(null, basicError, UsedBasic: true);
        }

        var usedBasic = basic is not null;
        var bodyId = parameters[Parameters.ClientId];
        var bodySecret = parameters[Parameters.ClientSecret];
        if (usedBasic && bodySecret is not null)
        {
            // RFC 6749 §2.3: the client MUST NOT use more than one authentication method in each request.
            return new(null, OAuthError.InvalidRequest("Use one client authentication method: HTTP Basic or client_secret in the body, not both."), true);
        }
        if (usedBasic && bodyId is not null && bodyId != basic!.Value.Id)
        {
            return new(null, OAuthError.InvalidRequest("The client_id parameter differs from the client authenticated with HTTP Basic."), true);
        }

        var clientId = basic?.Id ?? bodyId;
        // An empty Basic password is no secret, as an empty form parameter is no parameter (RFC 6749 §3.1).
        var secret = basic is { Secret.Length: > 0 } ? basic.Value.Secret : bodySecret;
        if (clientId is null)
        {
            return new(null, OAuthError.InvalidClient("The client_id parameter is missing."), usedBasic);
        }

        // Secret guessing: an address whose failures are used up is refused before any lookup or hash.
        var clientAddress = ClientAddress.KeyOf(request.HttpContext);
        if (throttle.Refusal(clientAddress) is { } retryAfter)
        {
            return new(null, OAuthError.TooManyRequests("Too many failed client authentications; retry later.", retryAfter), usedBasic);
        }

        var client = await clients.GetAsync(clientId,
            () => db.Clients.AsNoTracking().FirstOrDefaultAsync(c => c.ClientId == clientId, cancellationToken));
        if (!SecretMatches(client, secret))
        {
            throttle.RecordFailure(clientAddress);
            LogClientAuthenticationFailed(logger, client is null ? "unknown" : client.ClientId);
            return new(null, OAuthError.InvalidClient(Failed), usedBasic);
        }
        return new(client, null, usedBasic);
    }

    private bool SecretMatches(ClientEntity? client, string? secret)
    {
        if (client is null)
        {
            // Spend the time a real check would, so an unknown client cannot be told from a wrong secret.
            if (secret is not null) SecretHasher.Verify(secret, SecretHasher.DummyHash);
            return false;
        }
        if (client.Type == ClientTypes.Public)
        {
            // A public client has no secret; one that sends a secret is not who it claims to be.
            return secret is null && client.SecretHash is null;
        }
        return secret is not null && client.SecretHash is not null && secrets.Verify(secret, client.SecretHash);
    }

    /// <summary>RFC 7617 Basic credentials whose id and secret are form-url-encoded (RFC 6749 §2.3.1, Appendix B).</summary>
    private static (string Id, string Secret)? ReadBasicCredentials(HttpRequest request, out OAuthError? error)
    {
        error = null;
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            || !header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var malformed = OAuthError.InvalidClient("The HTTP Basic credentials are malformed.");
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter ?? ""));
            var colon = decoded.IndexOf(':');
            if (colon <= 0)
            {
                error = malformed;
                return null;
            }
            return (FormDecode(decoded[..colon]), FormDecode(decoded[(colon + 1)..]));
        }
        catch (FormatException)
        {
            error = malformed;
            return null;
        }
    }

    private static string FormDecode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Client authentication failed for client {ClientId}.")]
    private static partial void LogClientAuthenticationFailed(ILogger logger, string clientId);
}
