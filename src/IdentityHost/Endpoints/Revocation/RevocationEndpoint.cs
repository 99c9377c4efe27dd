using IdentityHost.Configuration;
using IdentityHost.Endpoints.Shared;
using IdentityHost.Endpoints.Token;
using IdentityHost.Protocol;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace IdentityHost.Endpoints.Revocation;

/// <summary>
/// <c>POST /connect/revoke</c> (RFC 7009): read the form, require the token, authenticate the client as the token
/// endpoint does (a public client sends its <c>client_id</c>), revoke the token if it is this client's, and answer
/// 200 whatever the token was. Any authenticated client may revoke its own tokens: no permission is needed.
/// </summary>
public static class RevocationEndpoint
{
    public const string Path = "/connect/revoke";

    public static async Task HandleAsync(
        HttpContext context,
        [FromServices] ClientAuthenticator clientAuthenticator,
        [FromServices] TokenRevoker revoker,
        [FromServices] IOptions<IdentityHostOptions> options,
        [FromServices] ILogger<RevocationEndpointLog> logger)
    {
        await ProtocolPost.RunAsync(context, "revocation", e => RevocationEndpointLog.StoreUnavailable(logger, e),
            () => ProcessAsync(context, clientAuthenticator, revoker, options));
    }

    private static async Task ProcessAsync(HttpContext context, ClientAuthenticator clientAuthenticator, TokenRevoker revoker,
        IOptions<IdentityHostOptions> options)
    {
        // RFC 7009 §2.1: the token is REQUIRED (token_type_hint is only a hint); the client authenticates as at the
        // token endpoint.
        var request = await ProtocolPost.ReadTokenRequestAsync(context, options.Value.MaxRequestBodyBytes, clientAuthenticator);
        if (request is null)
        {
            return;
        }
        var (parameters, token, client) = request.Value;
        var cancellationToken = context.RequestAborted;

        await revoker.RevokeAsync(client, token, parameters[Parameters.TokenTypeHint], cancellationToken);

        // RFC 7009 §2.2: 200 also for an invalid or unknown token, and here for another client's token too (§2.1 would
        // refuse it, but a different answer would tell the caller that a token it found is live).
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        ProtocolResponses.PreventCaching(response);
        response.ContentLength = 0;
    }
}

/// <summary>Log category and events of the revocation endpoint.</summary>
public sealed partial class RevocationEndpointLog
{
    [LoggerMessage(EventId = 1904, Level = LogLevel.Error, Message = "The revocation endpoint could not reach its store.")]
    public static partial void StoreUnavailable(ILogger logger, Exception exception);
}
