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
}
