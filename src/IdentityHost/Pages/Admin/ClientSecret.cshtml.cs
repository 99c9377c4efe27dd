using IdentityHost.Admin;
using IdentityHost.Protocol;
using Microsoft.AspNetCore.Mvc;

namespace IdentityHost.Pages.Admin;

/// <summary><c>/admin/clients/{clientId}/secret</c>: replaces a confidential client's secret with a generated one,
/// shown once in the answer to the POST.</summary>
public sealed class ClientSecretModel(ClientAdministration clients) : AdminPageModel
{
    public string ClientId { get; private set; } = "";

    public string? NewSecret { get; private set; }

    public async Task<IActionResult> OnGetAsync(string clientId)
    {
        if (await clients.FindAsync(clientId, HttpContext.RequestAborted) is not { Type: ClientTypes.Confidential } client)
        {
            return NotFound();
        }
        ClientId = client.ClientId;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string clientId)
    {
        var change = await clients.RotateSecretAsync(clientId, Actor, HttpContext.RequestAborted);
        if (change.Secret is null)
        {
            return NotFound();
        }
        ClientId = clientId;
        NewSecret = change.Secret;
        return Page();
    }
}
