namespace Resources.Configuration;

/// <summary>Settings of the resource API, bound from the <c>Resources</c> configuration section.</summary>
public sealed class ResourcesOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Resources";

    /// <summary>The name of the connection string of the item store.</summary>
    public const string ConnectionStringName = "Resources";

    /// <summary>
    /// The connection string used when <c>ConnectionStrings:Resources</c> is not set: a file relative to the working
    /// directory. <c>Default Timeout</c> (seconds) is how long Microsoft.Data.Sqlite retries a locked database
    /// before failing; it is 30 when a connection string leaves it out.
    /// </summary>
    public const string DefaultConnectionString = "Data Source=resources.db;Default Timeout=30";

    /// <summary>
    /// The issuer of the access tokens this API accepts (IdentityHost's <c>IdentityHost:Issuer</c>), compared
    /// byte for byte with the <c>iss</c> claim. Default <c>http://localhost:5000</c>.
    /// </summary>
    public string Authority { get; set; } = "http://localhost:5000";

    /// <summary>The <c>aud</c> value an access token must carry to be accepted here. Default <c>resources</c>.</summary>
    public string Audience { get; set; } = "resources";

    /// <summary>
    /// Where to read the discovery document; when not set, <c>{Authority}/.well-known/openid-configuration</c>.
    /// </summary>
    public string? MetadataAddress { get; set; }

    /// <summary>Whether pending migrations of the item store are applied at start-up. Default <c>true</c>.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>
    /// Origins (<c>scheme://host[:port]</c>) of browser apps allowed to call this API cross-origin, e.g. the sample
    /// SPA's <c>http://localhost:5002</c>. Default none: a browser app on another origin cannot call the API.
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>
    /// How access tokens are checked: <c>local</c> (default) — signature, issuer, audience, type and lifetime here,
    /// with no call to IdentityHost, so a revoked token works until it expires — or <c>introspection</c> — the same
    /// checks, then IdentityHost's introspection endpoint (RFC 7662) confirms the token is still active, with answers
    /// cached for <see cref="IntrospectionOptions.CacheDuration"/>.
    /// </summary>
    public string TokenValidation { get; set; } = TokenValidationModes.Local;

    /// <summary>The resource server's client registration at IdentityHost, used in <c>introspection</c> mode.</summary>
    public IntrospectionOptions Introspection { get; set; } = new();
}

/// <summary>The values of <c>Resources:TokenValidation</c>.</summary>
public static class TokenValidationModes
{
    public const string Local = "local";
    public const string Introspection = "introspection";
}

/// <summary>The <c>Resources:Introspection</c> section.</summary>
public sealed class IntrospectionOptions
{
    /// <summary>Longest allowed <see cref="CacheDuration"/>: the cache must stay short for revocation to mean something.</summary>
    public static readonly TimeSpan MaxCacheDuration = TimeSpan.FromMinutes(1);

    /// <summary>A confidential client registered at IdentityHost with the <c>introspection</c> permission. Required in
    /// <c>introspection</c> mode.</summary>
    public string? ClientId { get; set; }

    /// <summary>Its secret. Required in <c>introspection</c> mode.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The introspection endpoint; when not set, the <c>introspection_endpoint</c> of the discovery document.</summary>
    public string? Endpoint { get; set; }

    /// <summary>
    /// How long an "active" answer is reused (never past the token's expiry): the longest a revoked token keeps
    /// working here. An "inactive" answer is final and kept until the token expires. Default 5 seconds; 0 asks every
    /// time; at most <see cref="MaxCacheDuration"/>.
    /// </summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(5);
}
