using IdentityHost.Admin;
using IdentityHost.Protocol;
using Microsoft.AspNetCore.Mvc;

namespace IdentityHost.Pages.Admin;

/// <summary><c>/admin/clients/new</c>: registers a client. A confidential one gets a generated secret, shown once on
/// the answer to the POST and never again.</summary>
public sealed class ClientAddModel(ClientAdministration clients) : ClientFormPageModel(clients)
{
    public override bool IsNew => true;

    /// <summary>The id of the client just added (the page then shows the outcome instead of the form).</summary>
    public string? Added { get; private set; }

    public string? NewSecret { get; private set; }

    public void OnGet()
    {
        // Sensible defaults for the most common registration: a browser app with the code flow.
        GrantTypes = [Protocol.GrantTypes.AuthorizationCode, Protocol.GrantTypes.RefreshToken];
        Scopes = [StandardScopes.OpenId, StandardScopes.Profile];
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var change = await Clients.AddAsync(ToRegistration(), generateSecret: true, Actor, HttpContext.RequestAborted);
        if (change.Client is not { } client)
        {
            Problems = change.Problems;
            return Page();
        }
        if (change.Secret is null)
        {
            SetStatus($"Client '{client.ClientId}' added.");
            return RedirectToPage("Clients");
        }
        // Rendered in this response (never cached: SecurityHeaders), not carried through a redirect.
        Added = client.ClientId;
        NewSecret = change.Secret;
        return Page();
    }
}
