using IdentityHost.Admin;
using Microsoft.AspNetCore.Mvc;

namespace IdentityHost.Pages.Admin;

/// <summary><c>/admin/clients/{clientId}/remove</c>: "Remove this client?" — then the audited removal.</summary>
public sealed class ClientRemoveModel(ClientAdministration clients) : AdminPageModel
{
    public string ClientId { get; private set; } = "";

    public bool InConfiguration { get; private set; }

    public async Task<IActionResult> OnGetAsync(string clientId)
    {
        if (await clients.FindAsync(clientId, HttpContext.RequestAborted) is not { } client)
        {
            return NotFound();
        }
        ClientId = client.ClientId;
        InConfiguration = clients.IsConfigured(client.ClientId);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string clientId)
    {
        var result = await clients.RemoveAsync(clientId, Actor, HttpContext.RequestAborted);
        SetStatus(result == AdminResult.Done ? $"Client '{clientId}' removed." : "That client no longer exists.");
        return RedirectToPage("Clients");
    }
}
