using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Tokens;
using Resources.Configuration;

namespace Resources.Authentication;

/// <summary>
/// Validates access tokens locally: signing keys come from the issuer's discovery document and JWKS; every other
/// rule is explicit here rather than left to a default.
/// </summary>
internal sealed class ConfigureJwtBearerOptions(
    IOptions<ResourcesOptions> resourcesOptions, ValidatedTokenCache cache, TimeProvider time, ILoggerFactory loggerFactory)
    : IConfigureNamedOptions<JwtBearerOptions>
{
    /// <summary>A discovery document or JWKS larger than this is refused (JwtBearer's own limit).</summary>
    private const int MaxMetadataBytes = 10 * 1024 * 1024;

    public void Configure(string? name, JwtBearerOptions options)
    {
        if (name == JwtBearerDefaults.AuthenticationScheme)
        {
            Configure(options);
        }
    }

    public void Configure(JwtBearerOptions options)
    {
        var resources = resourcesOptions.Value;
        options.Authority = resources.Authority;
        // OIDC Discovery §4: the document lives under the issuer's /.well-known/ path unless configured elsewhere.
        options.MetadataAddress = string.IsNullOrWhiteSpace(resources.MetadataAddress)
            ? resources.Authority.TrimEnd('/') + "/.well-known/openid-configuration"
            : resources.MetadataAddress;

        options.Audience = resources.Audience;
        // Keys fetched over plain http could be swapped in transit; ResourcesOptionsValidator allows http for
        // loopback only, and this follows it for the address actually fetched.
        options.RequireHttpsMetadata = !LoopbackUri.IsPlainHttpLoopback(new Uri(options.MetadataAddress, UriKind.Absolute));

        // Keep claim names as the issuer wrote them (sub, scope, client_id) instead of WS-* URIs.
        options.MapInboundClaims = false;

        // A token signed by a key we have not seen yet makes the handler fetch the JWKS again (key rotation), and
        // the same request waits for it (IssuerConfigurationManager), so that token is accepted.
        options.RefreshOnIssuerKeyNotFound = true;
        options.Backchannel = new HttpClient(new SocketsHttpHandler
        {
            // One client for the life of the host: still follow the issuer's DNS changes.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        {
            Timeout = options.BackchannelTimeout,
            MaxResponseContentBufferSize = MaxMetadataBytes,
        };
        options.ConfigurationManager = new IssuerConfigurationManager(
            options.MetadataAddress,
            new HttpDocumentRetriever(options.Backchannel) { RequireHttps = options.RequireHttpsMetadata },
            time,
            loggerFactory.CreateLogger<IssuerConfigurationManager>())
        {
            RefreshInterval = options.RefreshInterval,
            AutomaticRefreshInterval = options.AutomaticRefreshInterval,
        };
        options.SaveToken = false;

        // A token seen before is not parsed and verified again (ValidatedTokenCache); the rules below still decide.
        options.TokenHandlers.Clear();
        options.TokenHandlers.Add(new CachingTokenHandler(cache));

        // Introspection mode: the local checks below, then IdentityHost's word that the token is still active.
        if (resources.TokenValidation == TokenValidationModes.Introspection)
        {
            options.EventsType = typeof(IntrospectionBearerEvents);
        }

        var issuer = resources.Authority;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuer = issuer,

            // The issuer is an identifier (RFC 9068 §4, OIDC Discovery §4.3): exact, ordinal, no trailing-slash leniency.
            IssuerValidator = (tokenIssuer, _, _) => string.Equals(tokenIssuer, issuer, StringComparison.Ordinal)
                ? tokenIssuer
                : throw new SecurityTokenInvalidIssuerException("The token was not issued by the configured authority."),

            ValidateAudience = true,
            ValidAudience = resources.Audience,
            ValidateLifetime = true,
            // The host's clock, like every other expiry in this API (tests move it instead of sleeping).
            LifetimeValidator = (notBefore, expires, _, _) => AccessTokenRules.IsWithinLifetime(notBefore, expires, time.GetUtcNow().UtcDateTime),
            RequireExpirationTime = true,
            ClockSkew = AccessTokenRules.ClockSkew,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            ValidTypes = AccessTokenRules.ValidTypes,
            ValidAlgorithms = AccessTokenRules.ValidAlgorithms,
            NameClaimType = AccessTokenClaims.Subject,
            RoleClaimType = AccessTokenClaims.Roles,
        };
    }
}
