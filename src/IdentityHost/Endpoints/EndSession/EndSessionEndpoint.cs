using IdentityHost.Accounts;
using IdentityHost.Configuration;
using IdentityHost.Endpoints.Shared;
using IdentityHost.Protocol;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace IdentityHost.Endpoints.EndSession;

/// <summary>
/// <c>GET,POST /connect/logout</c> (OIDC RP-Initiated Logout 1.0). A client that proves the user with a trusted
/// id_token_hint for the current session signs them out at once; any other request only leads to a confirmation page
/// (<c>/account/logout</c>), so a third-party site cannot sign users out silently.
/// </summary>
public static class EndSessionEndpoint
{
    public const string Path = "/connect/logout";

    public static async Task<IResult> HandleAsync(
        HttpContext context,
        [FromServices] EndSessionRequestValidator validator,
        [FromServices] BrowserSession sessions,
        [FromServices] IOptions<IdentityHostOptions> options,
        [FromServices] ILogger<EndSessionRequest> logger)
    {
        var cancellationToken = context.RequestAborted;
        ProtocolParameters parameters;
        if (HttpMethods.IsPost(context.Request.Method))
        {
            // §2: POST uses form serialization. A malformed body is treated as carrying no parameters: confirm.
            var (form, _) = await FormRequestReader.ReadAsync(context.Request, options.Value.MaxRequestBodyBytes, cancellationToken, rejectDuplicates: false);
            parameters = form ?? ProtocolParameters.From([]);
        }
        else
        {
            parameters = ProtocolParameters.From(context.Request.Query);
        }

        var request = await validator.ValidateAsync(parameters[Parameters.IdTokenHint], parameters[Parameters.ClientId],
            parameters[Parameters.PostLogoutRedirectUri], parameters[Parameters.State], cancellationToken);
        var session = await sessions.GetAsync(context);

        // §2: the hint is how the OP knows the logout is wanted for this session. A hint for someone else is not that.
        if (request.Hint is { } hint && (session is null || string.Equals(session.User.Id, hint.Subject, StringComparison.Ordinal)))
        {
            await sessions.SignOutAsync();
            if (session is not null) AccountLog.SignedOut(logger, session.User.Id, request.Client?.ClientId);
            return NoStore(context, request.RedirectLocation ?? AccountPaths.SignedOut);
        }

        // Only what was validated travels on; the page validates it again when the user confirms.
        var confirm = QueryHelpers.AddQueryString(AccountPaths.Logout, new Dictionary<string, string?>
        {
            [Parameters.ClientId] = request.Client?.ClientId,
            [Parameters.PostLogoutRedirectUri] = request.PostLogoutRedirectUri,
            [Parameters.State] = request.PostLogoutRedirectUri is null ? null : request.State,
        }.Where(p => p.Value is not null));
        return NoStore(context, confirm);
    }

    private static IResult NoStore(HttpContext context, string location)
    {
        ProtocolResponses.PreventCaching(context.Response);
        return Results.Redirect(location);
    }
}
