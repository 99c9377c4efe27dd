using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Resources.Configuration;
using Resources.Logging;

namespace Resources.Authentication;

/// <summary>The introspection endpoint could not give an answer (unreachable, 5xx, refused our credentials, garbled):
/// the request is answered 503, never let through and never told its token is invalid.</summary>
internal sealed class IntrospectionUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Asks IdentityHost whether an access token is still active (RFC 7662), authenticating as the resource server's
/// confidential client (RFC 6749 §2.3.1 Basic, id and secret form-encoded). Answers are cached by
/// <see cref="IntrospectionCache"/>: "active" for <c>Resources:Introspection:CacheDuration</c>, "inactive" (final)
/// until the token expires.
/// </summary>
internal sealed class TokenIntrospection(
    HttpClient http,
    IntrospectionCache cache,
    IOptions<ResourcesOptions> options,
    IOptionsMonitor<JwtBearerOptions> bearerOptions,
    TimeProvider time,
    ILogger<TokenIntrospection> logger)
{
    /// <summary>How long one call to the introspection endpoint may take.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <exception cref="IntrospectionUnavailableException">No answer could be had.</exception>
    public async Task<bool> IsActiveAsync(string token, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var key = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        if (cache.TryGet(key, out var cached))
        {
            return cached;
        }

        var active = await IntrospectAsync(token, cancellationToken);
        var cacheDuration = options.Value.Introspection.CacheDuration;
        var activeUntil = time.GetUtcNow() + cacheDuration;
        // A revoked or expired token never becomes active again; an active one is re-checked soon.
        cache.Set(key, active, active && activeUntil < expiresAt ? activeUntil : expiresAt);
        return active;
    }

    private async Task<bool> IntrospectAsync(string token, CancellationToken cancellationToken)
    {
        var settings = options.Value.Introspection;
        var endpoint = await EndpointAsync(cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new FormUrlEncodedContent([new("token", token), new("token_type_hint", "access_token")]),
        };
        var credentials = $"{FormEncode(settings.ClientId!)}:{FormEncode(settings.ClientSecret!)}";
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));

        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                // 401/403: our registration is wrong (a configuration error); 503: IdentityHost's store is down.
                logger.IntrospectionFailed((int)response.StatusCode);
                throw new IntrospectionUnavailableException($"The introspection endpoint answered {(int)response.StatusCode}.");
            }
            using var body = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
            // RFC 7662 §2.2: active is REQUIRED and a boolean; anything else is not an answer.
            if (body.RootElement.ValueKind != JsonValueKind.Object || !body.RootElement.TryGetProperty("active", out var active)
                || active.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                logger.IntrospectionFailed((int)response.StatusCode);
                throw new IntrospectionUnavailableException("The introspection response has no boolean 'active' member.");
            }
            return active.GetBoolean();
        }
        catch (Exception e) when (e is HttpRequestException or JsonException
            || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            logger.IntrospectionUnreachable(e);
            throw new IntrospectionUnavailableException("The introspection endpoint could not be reached.", e);
        }
    }

    /// <summary>The configured endpoint, or the one the issuer announces in its discovery document (RFC 8414 §2).</summary>
    private async Task<string> EndpointAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Introspection.Endpoint is { Length: > 0 } configured)
        {
            return configured;
        }
        var manager = bearerOptions.Get(JwtBearerDefaults.AuthenticationScheme).ConfigurationManager
            ?? throw new IntrospectionUnavailableException("The discovery document is not available.");
        var discovery = await manager.GetConfigurationAsync(cancellationToken);
        return discovery.IntrospectionEndpoint is { Length: > 0 } announced
            ? announced
            : throw new IntrospectionUnavailableException("The issuer's discovery document has no introspection_endpoint.");
    }

    /// <summary>RFC 6749 Appendix B: Basic credentials are form-url-encoded first.</summary>
    private static string FormEncode(string value) => Uri.EscapeDataString(value).Replace("%20", "+");
}
