using IdentityHost.Endpoints.Token;
using IdentityHost.Protocol;
using IdentityHost.Stores;
using Microsoft.EntityFrameworkCore;

namespace IdentityHost.Endpoints.Shared;

/// <summary>The steps every form-POST protocol endpoint (token, introspection, revocation) starts and ends with.</summary>
public static class ProtocolPost
{
    /// <summary>
    /// RFC 6749 §3.2, RFC 7662 §2.1, RFC 7009 §2.1: a POST of form parameters. Another method is answered 405, a bad
    /// form <c>invalid_request</c>; null means that answer has been written.
    /// </summary>
    public static async Task<ProtocolParameters?> ReadFormAsync(HttpContext context, int maxBytes)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            await ProtocolResponses.WriteMethodNotAllowedAsync(context, HttpMethods.Post);
            return null;
        }
        var (parameters, error) = await FormRequestReader.ReadAsync(context.Request, maxBytes, context.RequestAborted);
        if (error is not null)
        {
            await ProtocolResponses.WriteErrorAsync(context, error);
            return null;
        }
        return parameters;
    }

    /// <summary>
    /// The common start of introspection (RFC 7662 §2.1) and revocation (RFC 7009 §2.1): a form POST with the REQUIRED
    /// <c>token</c> parameter from an authenticated client. Null means the error answer has been written.
    /// </summary>
    public static async Task<(ProtocolParameters Parameters, string Token, ClientEntity Client)?> ReadTokenRequestAsync(
        HttpContext context, int maxBytes, ClientAuthenticator clientAuthenticator)
    {
        var parameters = await ReadFormAsync(context, maxBytes);
        if (parameters is null)
        {
            return null;
        }
        if (parameters[Parameters.Token] is not { } token)
        {
            await ProtocolResponses.WriteErrorAsync(context, OAuthError.InvalidRequest("The token parameter is missing."));
            return null;
        }
        var authentication = await clientAuthenticator.AuthenticateAsync(context.Request, parameters, context.RequestAborted);
        if (authentication.Error is not null)
        {
            await ClientAuthenticationResponses.WriteErrorAsync(context, authentication);
            return null;
        }
        return (parameters, token, authentication.Client!);
    }

    /// <summary>
    /// Runs an endpoint so that an unavailable store (or one locked past the busy timeout) is answered 503
    /// <c>temporarily_unavailable</c>: never a 500, and never an answer — a token, "revoked", "inactive" — that the
    /// store did not back.
    /// </summary>
    public static async Task RunAsync(HttpContext context, string service, Action<Exception> logFailure, Func<Task> process)
    {
        try
        {
            await process();
        }
        catch (Exception e) when (StoreUnavailable.Is(e) && !context.Response.HasStarted)
        {
            logFailure(e);
            context.Response.Clear();
            await ProtocolResponses.WriteErrorAsync(context, OAuthError.TemporarilyUnavailable($"The {service} service is temporarily unavailable; retry shortly."));
        }
    }
}
