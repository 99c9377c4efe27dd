using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Resources.Logging;

namespace Resources.Authentication;

/// <summary>
/// <c>Resources:TokenValidation = introspection</c>: after the local checks pass, IdentityHost must still call the
/// token active. Inactive → 401 <c>invalid_token</c> like any bad token; no answer → 503 with <c>Retry-After</c>,
/// because the token may well be fine and the client should retry rather than sign in again.
/// </summary>
internal sealed class IntrospectionBearerEvents(TokenIntrospection introspection, ILogger<IntrospectionBearerEvents> logger) : JwtBearerEvents
{
    private static readonly object UnavailableKey = new();

    public override async Task TokenValidated(TokenValidatedContext context)
    {
        if (context.SecurityToken is not JsonWebToken jwt)
        {
            context.Fail("The access token is not a JWT.");
            return;
        }
        try
        {
            var expiresAt = new DateTimeOffset(DateTime.SpecifyKind(jwt.ValidTo, DateTimeKind.Utc));
            if (!await introspection.IsActiveAsync(jwt.EncodedToken, expiresAt, context.HttpContext.RequestAborted))
            {
                logger.TokenInactive(jwt.TryGetPayloadValue<string>(AccessTokenClaims.ClientId, out var clientId) ? clientId : null);
                context.Fail("The access token is no longer active.");
            }
        }
        catch (IntrospectionUnavailableException e)
        {
            context.HttpContext.Items[UnavailableKey] = true;
            context.Fail(e);
        }
    }

    public override async Task Challenge(JwtBearerChallengeContext context)
    {
        if (!context.HttpContext.Items.ContainsKey(UnavailableKey))
        {
            return;
        }
        context.HandleResponse();
        var response = context.Response;
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = "1";
        var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context.HttpContext,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The access token could not be checked; retry shortly.",
            },
        });
    }
}
