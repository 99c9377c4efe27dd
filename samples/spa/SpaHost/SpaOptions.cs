namespace SpaHost;

/// <summary>What the SPA needs to know, bound from the <c>Spa</c> section and handed to it as <c>/config.js</c>.</summary>
public sealed class SpaOptions
{
    public const string Section = "Spa";

    /// <summary>The issuer identifier; default <c>IdentityHost:Issuer</c>, else <c>http://localhost:5000</c>.</summary>
    public string Authority { get; set; } = "";

    /// <summary>The registered public client the SPA signs in as. Default <c>spa</c>.</summary>
    public string ClientId { get; set; } = "spa";

    /// <summary>The Resources API. Default <c>http://localhost:5001</c>.</summary>
    public string ApiBaseUrl { get; set; } = "http://localhost:5001";

    /// <summary>The scopes the SPA asks for.</summary>
    public string Scope { get; set; } = "openid profile email offline_access read:items write:items";

    /// <summary>Returns what is wrong with the settings, or null.</summary>
    public string? Validate()
    {
        if (!Uri.TryCreate(Authority, UriKind.Absolute, out _)) return $"Spa:Authority '{Authority}' is not an absolute URL";
        if (!Uri.TryCreate(ApiBaseUrl, UriKind.Absolute, out _)) return $"Spa:ApiBaseUrl '{ApiBaseUrl}' is not an absolute URL";
        if (string.IsNullOrWhiteSpace(ClientId)) return "Spa:ClientId is empty";
        return null;
    }
}
