using IdentityHost.Protocol;
using IdentityHost.Stores;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace IdentityHost.Endpoints.EndSession;

/// <summary>
/// A validated logout request. <see cref="Hint"/> is set only for a trusted id_token_hint; <see cref="PostLogoutRedirectUri"/>
/// only when it is registered for <see cref="Client"/>.
/// </summary>
public sealed record EndSessionRequest(ClientEntity? Client, IdTokenHint? Hint, string? PostLogoutRedirectUri, string? State)
{
    /// <summary>OIDC RP-Initiated Logout 1.0 §3: back to the client with its <c>state</c>; null when there is nowhere to go.</summary>
    public string? RedirectLocation => PostLogoutRedirectUri is null ? null
        : State is null ? PostLogoutRedirectUri
        : QueryHelpers.AddQueryString(PostLogoutRedirectUri, Parameters.State, State);
}

/// <summary>
/// Validates <c>GET,POST /connect/logout</c> parameters (OIDC RP-Initiated Logout 1.0 §2–3), and again the ones the
/// confirmation page carries: which client is asking, and whether its post-logout redirect URI may be used.
/// </summary>
public sealed class EndSessionRequestValidator(IdentityHostDbContext db, IdTokenHintValidator hints)
{
    private const int MaxStateLength = 2048;

    public async Task<EndSessionRequest> ValidateAsync(string? idTokenHint, string? clientId, string? postLogoutRedirectUri, string? state,
        CancellationToken cancellationToken)
    {
        // 1. The hint, if any, must be an id_token of ours; its audience is the client.
        var hint = idTokenHint is null ? null : await hints.ValidateAsync(idTokenHint);

        // 2. The client. §2: when both are sent, client_id must be the hint's audience. If they disagree neither is
        //    believed: no redirect, and the user is asked to confirm.
        if (hint is not null && clientId is not null && !string.Equals(hint.ClientId, clientId, StringComparison.Ordinal))
        {
            hint = null;
            clientId = null;
        }
        clientId ??= hint?.ClientId;
        var client = clientId is null ? null
            : await db.Clients.AsNoTracking().FirstOrDefaultAsync(c => c.ClientId == clientId, cancellationToken);
        if (client is null) hint = null;

        // 3. §3: the post-logout redirect URI must be one the client registered, compared exactly (RFC 9700 §4.1.3).
        var redirect = client is not null && postLogoutRedirectUri is not null
            && client.PostLogoutRedirectUris.Contains(postLogoutRedirectUri, StringComparer.Ordinal)
            ? postLogoutRedirectUri
            : null;

        return new EndSessionRequest(client, hint, redirect, state is { Length: <= MaxStateLength } ? state : null);
    }
}
