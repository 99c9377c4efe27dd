using IdentityHost.Admin;
using IdentityHost.Stores;

namespace IdentityHost.Pages.Admin;

/// <summary><c>/admin/clients</c>: every registered client, with links to edit, rotate a secret and remove.</summary>
public sealed class ClientsModel(ClientAdministration clients) : AdminPageModel
{
    public IReadOnlyList<ClientEntity> Clients { get; private set; } = [];

    public async Task OnGetAsync() => Clients = await clients.ListAsync(HttpContext.RequestAborted);
}
