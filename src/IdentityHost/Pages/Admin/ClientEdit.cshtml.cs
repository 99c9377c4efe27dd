using IdentityHost.Admin;
using Microsoft.AspNetCore.Mvc;

namespace IdentityHost.Pages.Admin;

/// <summary><c>/admin/clients/{clientId}/edit</c>: changes a client's settings (not its id, type or secret) under the
/// registration rules; a refused change shows why and saves nothing.</summary>
public sealed class ClientEditModel(ClientAdministration clients) : ClientFormPageModel(clients)
{
    public override bool IsNew => false;

    public async Task<IActionResult> OnGetAsync(string clientId)
    {
        if (await Clients.FindAsync(clientId, HttpContext.RequestAborted) is not { } client)
        {
            return NotFound();
        }
        Load(client);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string clientId)
    {
        var change = await Clients.UpdateAsync(clientId, ToRegistration(), Actor, HttpContext.RequestAborted);
        switch (change.Result)
        {
            case AdminResult.NotFound:
                return NotFound();
            case AdminResult.Done:
                SetStatus($"Client '{clientId}' saved.");
                return RedirectToPage("Clients");
        }
        // Show the form as posted, with what was wrong; the id and type shown are the stored ones.
        var stored = await Clients.FindAsync(clientId, HttpContext.RequestAborted);
        ClientId = clientId;
        Type = stored?.Type ?? Type;
        InConfiguration = Clients.IsConfigured(clientId);
        Problems = change.Problems;
        return Page();
    }
}
