using IdentityHost.Endpoints.Token;

namespace IdentityHost.Endpoints.Shared;

/// <summary>The answer to a failed client authentication, the same at every endpoint that authenticates clients.</summary>
public static class ClientAuthenticationResponses
{
    /// <summary>RFC 6749 §5.2: <c>invalid_client</c> is a 401, and a client that tried HTTP Basic gets a Basic challenge.</summary>
    public static Task WriteErrorAsync(HttpContext context, ClientAuthenticationResult authentication)
    {
        var error = authentication.Error ?? throw new ArgumentException("The client authentication succeeded.", nameof(authentication));
        if (authentication.UsedBasic && error.StatusCode == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"IdentityHost\", charset=\"UTF-8\"";
        }
        return ProtocolResponses.WriteErrorAsync(context, error);
    }
}
