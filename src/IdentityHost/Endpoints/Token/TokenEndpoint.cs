using System.Text.Json;
using IdentityHost.Admin;
using IdentityHost.Audit;
using IdentityHost.Configuration;
using IdentityHost.Endpoints.Shared;
using IdentityHost.Grants;
using IdentityHost.Protocol;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace IdentityHost.Endpoints.Token;

/// <summary>
/// <c>POST /connect/token</c> (RFC 6749 §3.2): read the form, check the grant type, authenticate the client,
/// check what the client may do, then let the grant's handler issue the tokens.
/// </summary>
public static class TokenEndpoint
{
    public const string Path = "/connect/token";

    public static async Task HandleAsync(
        HttpContext context,
        [FromServices] ClientAuthenticator clientAuthenticator,
        [FromServices] IOptions<IdentityHostOptions> options,
        [FromServices] ILogger<TokenEndpointLog> logger)
    {
        await ProtocolPost.RunAsync(context, "token", e => TokenEndpointLog.StoreUnavailable(logger, e),
            () => ProcessAsync(context, clientAuthenticator, options));
    }

    private static async Task ProcessAsync(HttpContext context, ClientAuthenticator clientAuthenticator, IOptions<IdentityHostOptions> options)
    {
        var parameters = await ProtocolPost.ReadFormAsync(context, options.Value.MaxRequestBodyBytes);
        if (parameters is null)
        {
            return;
        }
        var cancellationToken = context.RequestAborted;

        var grantType = parameters[Parameters.GrantType];
        if (grantType is null)
        {
            await ProtocolResponses.WriteErrorAsync(context, OAuthError.InvalidRequest("The grant_type parameter is missing."));
            return;
        }
        var handler = GrantTypes.Supported.Contains(grantType) ? context.RequestServices.GetKeyedService<IGrantHandler>(grantType) : null;
        if (handler is null)
        {
            await ProtocolResponses.WriteErrorAsync(context, OAuthError.UnsupportedGrantType($"The grant type '{grantType}' is not supported."));
            return;
        }

        var authentication = await clientAuthenticator.AuthenticateAsync(context.Request, parameters, cancellationToken);
        if (authentication.Error is not null)
        {
            await ClientAuthenticationResponses.WriteErrorAsync(context, authentication);
            return;
        }
        var client = authentication.Client!;

        if (!client.GrantTypes.Contains(grantType))
        {
            await ProtocolResponses.WriteErrorAsync(context, OAuthError.UnauthorizedClient($"The client is not allowed to use the '{grantType}' grant."));
            return;
        }

        var scopeParameter = parameters[Parameters.Scope];
        if (!ScopeSet.TryParse(scopeParameter, out var requested))
        {
            await ProtocolResponses.WriteErrorAsync(context, OAuthError.InvalidScope("The scope parameter is malformed."));
            return;
        }
        if (requested.FirstOrDefault(s => !client.Scopes.Contains(s)) is { } forbidden)
        {
            await ProtocolResponses.WriteErrorAsync(context, OAuthError.InvalidScope($"The client is not allowed the scope '{forbidden}'."));
            return;
        }

        var result = await handler.HandleAsync(new TokenRequestContext(context, parameters, client, scopeParameter is null ? null : requested), cancellationToken);
        if (result.Error is not null)
        {
            await ProtocolResponses.WriteErrorAsync(context, result.Error);
            return;
        }

        var response = result.Response!;
        context.RequestServices.GetRequiredService<SecurityEvents>().Record(AuditActors.Client(client.ClientId), AuditActions.TokensIssued,
            response.Subject, $"grant {grantType}; scopes '{response.Scope}'; refresh token {(response.RefreshToken is null ? "no" : "yes")}; id_token {(response.IdToken is null ? "no" : "yes")}");
        await ProtocolResponses.WriteJsonAsync(context, StatusCodes.Status200OK, writer => WriteTokenResponse(writer, response));
    }

    private static void WriteTokenResponse(Utf8JsonWriter writer, Tokens.TokenResponse response)
    {
        writer.WriteString(Parameters.AccessToken, response.AccessToken);
        writer.WriteString(Parameters.TokenType, TokenTypeNames.Bearer);
        writer.WriteNumber(Parameters.ExpiresIn, response.ExpiresIn);
        if (response.Scope.Length > 0) writer.WriteString(Parameters.Scope, response.Scope);
        if (response.RefreshToken is not null) writer.WriteString(Parameters.RefreshToken, response.RefreshToken);
        if (response.IdToken is not null) writer.WriteString(Parameters.IdToken, response.IdToken);
    }
}

/// <summary>Log category and events of the token endpoint.</summary>
public sealed partial class TokenEndpointLog
{
    [LoggerMessage(EventId = 1201, Level = LogLevel.Error, Message = "The token endpoint could not reach its store.")]
    public static partial void StoreUnavailable(ILogger logger, Exception exception);
}
