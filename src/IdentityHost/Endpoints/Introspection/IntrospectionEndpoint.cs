using System.Text.Json;
using IdentityHost.Configuration;
using IdentityHost.Endpoints.Shared;
using IdentityHost.Endpoints.Token;
using IdentityHost.Protocol;
using IdentityHost.Stores;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace IdentityHost.Endpoints.Introspection;

/// <summary>
/// <c>POST /connect/introspect</c> (RFC 7662): read the form, require the token, authenticate the caller as a
/// confidential client holding the <c>introspection</c> permission, then report the token active with its facts, or
/// exactly <c>{"active":false}</c>.
/// </summary>
public static class IntrospectionEndpoint
{
    public const string Path = "/connect/introspect";

    public static async Task HandleAsync(
        HttpContext context,
        [FromServices] ClientAuthenticator clientAuthenticator,
        [FromServices] TokenIntrospector introspector,
        [FromServices] IOptions<IdentityHostOptions> options,
        [FromServices] ILogger<IntrospectionEndpointLog> logger)
    {
        await ProtocolPost.RunAsync(context, "introspection", e => IntrospectionEndpointLog.StoreUnavailable(logger, e),
            () => ProcessAsync(context, clientAuthenticator, introspector, options, logger));
    }

    private static async Task ProcessAsync(HttpContext context, ClientAuthenticator clientAuthenticator, TokenIntrospector introspector,
        IOptions<IdentityHostOptions> options, ILogger logger)
    {
        // RFC 7662 §2.1: the token is REQUIRED and the endpoint MUST require authorization — here client authentication
        // (§2.3: 401 when it fails).
        var request = await ProtocolPost.ReadTokenRequestAsync(context, options.Value.MaxRequestBodyBytes, clientAuthenticator);
        if (request is null)
        {
            return;
        }
        var (parameters, token, client) = request.Value;
        var cancellationToken = context.RequestAborted;

        // A public client proves nothing by sending its client_id, so it cannot be authorized to introspect.
        if (client.Type != ClientTypes.Confidential)
        {
            IntrospectionEndpointLog.ClientRefused(logger, client.ClientId, "public client");
            await ProtocolResponses.WriteErrorAsync(context, OAuthError.InvalidClient("Only confidential clients may use the introspection endpoint."));
            return;
        }

        // Authenticated but not allowed: 403 (RFC 9110 §15.5.4); RFC 7662 §2.3 leaves the status open.
        if (!client.Permissions.Contains(ClientPermissions.Introspection))
        {
            IntrospectionEndpointLog.ClientRefused(logger, client.ClientId, "no introspection permission");
            await ProtocolResponses.WriteErrorAsync(context, new OAuthError(Errors.UnauthorizedClient,
                "The client is not allowed to use the introspection endpoint.", StatusCodes.Status403Forbidden));
            return;
        }

        var introspected = await introspector.IntrospectAsync(token, parameters[Parameters.TokenTypeHint], cancellationToken);
        await ProtocolResponses.WriteJsonAsync(context, StatusCodes.Status200OK, writer => WriteResponse(writer, introspected));
    }

    /// <summary>RFC 7662 §2.2; an inactive token gets <c>active</c> alone (§2.2: SHOULD NOT include anything else).</summary>
    private static void WriteResponse(Utf8JsonWriter writer, IntrospectedToken? token)
    {
        writer.WriteBoolean(Parameters.Active, token is not null);
        if (token is null)
        {
            return;
        }
        if (token.Scope.Length > 0) writer.WriteString(Claims.Scope, token.Scope);
        writer.WriteString(Claims.ClientId, token.ClientId);
        writer.WriteString(Claims.Subject, token.Subject);
        writer.WriteNumber(Claims.ExpiresAt, token.ExpiresAt);
        writer.WriteNumber(Claims.IssuedAt, token.IssuedAt);
        writer.WriteString(Claims.Issuer, token.Issuer);
        // As in the token: one audience as a string, several as an array (RFC 7519 §4.1.3).
        if (token.Audiences.Count == 1)
        {
            writer.WriteString(Claims.Audience, token.Audiences[0]);
        }
        else
        {
            writer.WriteStartArray(Claims.Audience);
            foreach (var audience in token.Audiences) writer.WriteStringValue(audience);
            writer.WriteEndArray();
        }
        writer.WriteString(Parameters.TokenType, token.TokenType);
    }
}

/// <summary>Log category and events of the introspection endpoint.</summary>
public sealed partial class IntrospectionEndpointLog
{
    [LoggerMessage(EventId = 1801, Level = LogLevel.Error, Message = "The introspection endpoint could not reach its store.")]
    public static partial void StoreUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1802, Level = LogLevel.Warning, Message = "Introspection refused to client {ClientId}: {Reason}.")]
    public static partial void ClientRefused(ILogger logger, string clientId, string reason);
}
