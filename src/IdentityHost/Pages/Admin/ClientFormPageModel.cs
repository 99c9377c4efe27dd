using IdentityHost.Admin;
using IdentityHost.Configuration;
using IdentityHost.Protocol;
using IdentityHost.Stores;
using Microsoft.AspNetCore.Mvc;

namespace IdentityHost.Pages.Admin;

/// <summary>
/// The fields of a client registration as the add and edit pages post them: one redirect URI per line, a checkbox per
/// grant type, scope and permission. The rules that decide what is accepted are <see cref="ClientRegistrationRules"/>,
/// applied by <see cref="ClientAdministration"/>.
/// </summary>
public abstract class ClientFormPageModel(ClientAdministration clients) : AdminPageModel
{
    [BindProperty]
    public string? ClientId { get; set; }

    [BindProperty]
    public string? DisplayName { get; set; }

    [BindProperty]
    public string Type { get; set; } = ClientTypes.Public;

    [BindProperty]
    public string ConsentType { get; set; } = ConsentTypes.Explicit;

    [BindProperty]
    public bool RequirePkce { get; set; } = true;

    [BindProperty]
    public string? RedirectUris { get; set; }

    [BindProperty]
    public string? PostLogoutRedirectUris { get; set; }

    [BindProperty]
    public List<string> GrantTypes { get; set; } = [];

    [BindProperty]
    public List<string> Scopes { get; set; } = [];

    [BindProperty]
    public List<string> Permissions { get; set; } = [];

    /// <summary>Why the last POST was refused; nothing was saved.</summary>
    public IReadOnlyList<string> Problems { get; protected set; } = [];

    /// <summary>The add page lets the id and type be chosen; the edit page shows them read-only.</summary>
    public abstract bool IsNew { get; }

    /// <summary>Whether the client is also in configuration, which restores it at the next start.</summary>
    public bool InConfiguration { get; protected set; }

    public IReadOnlyList<string> KnownGrantTypes { get; } = Protocol.GrantTypes.Supported.Order(StringComparer.Ordinal).ToList();

    public IReadOnlyList<string> KnownScopes => clients.KnownScopes.Order(StringComparer.Ordinal).ToList();

    public IReadOnlyList<string> KnownPermissions { get; } = ClientRegistrationRules.KnownPermissions.Order(StringComparer.Ordinal).ToList();

    protected ClientAdministration Clients => clients;

    protected void Load(ClientEntity client)
    {
        ClientId = client.ClientId;
        DisplayName = client.DisplayName;
        Type = client.Type;
        ConsentType = client.ConsentType;
        RequirePkce = client.RequirePkce;
        RedirectUris = string.Join('\n', client.RedirectUris);
        PostLogoutRedirectUris = string.Join('\n', client.PostLogoutRedirectUris);
        GrantTypes = client.GrantTypes.ToList();
        Scopes = client.Scopes.ToList();
        Permissions = client.Permissions.ToList();
        InConfiguration = clients.IsConfigured(client.ClientId);
    }

    protected ClientOptions ToRegistration() => new()
    {
        ClientId = ClientId ?? "",
        DisplayName = DisplayName,
        Type = Type,
        ConsentType = ConsentType,
        RequirePkce = RequirePkce,
        RedirectUris = Lines(RedirectUris),
        PostLogoutRedirectUris = Lines(PostLogoutRedirectUris),
        GrantTypes = GrantTypes,
        Scopes = Scopes,
        Permissions = Permissions,
    };

    private static List<string> Lines(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
}
