using IdentityHost.Accounts;
using IdentityHost.Configuration;
using IdentityHost.Endpoints.Shared;
using IdentityHost.Protocol;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace IdentityHost.Endpoints.Authorize;

/// <summary>
/// <c>GET,POST /connect/authorize</c> (RFC 6749 §4.1.1, OIDC Core §3.1.2): validate the request, make sure the user is
/// signed in (recently enough) and has consented, then send a code back to the client.
/// </summary>
public static partial class AuthorizeEndpoint
{
    public const string Path = "/connect/authorize";

    public static async Task<IResult> HandleAsync(
        HttpContext context,
        [FromServices] AuthorizeRequestValidator validator,
        [FromServices] BrowserSession sessions,
        [FromServices] ConsentService consent,
        [FromServices] AuthorizationCodeIssuer codes,
        [FromServices] IOptions<IdentityHostOptions> options,
        [FromServices] TimeProvider time,
        [FromServices] ILogger<AuthorizeRequest> logger)
    {
        var cancellationToken = context.RequestAborted;
        var issuer = options.Value.Issuer;
        ProtocolParameters parameters;
        if (HttpMethods.IsGet(context.Request.Method))
        {
            parameters = ProtocolParameters.From(context.Request.Query);
        }
        else if (HttpMethods.IsPost(context.Request.Method))
        {
            var (form, error) = await FormRequestReader.ReadAsync(context.Request, options.Value.MaxRequestBodyBytes, cancellationToken, rejectDuplicates: false);
            if (error is not null) return AuthorizeResponses.ErrorPage(error);
            parameters = form!;
        }
        else
        {
            context.Response.Headers.Allow = "GET, POST";
            return AuthorizeResponses.ErrorPage(new OAuthError(Errors.InvalidRequest, "The authorization endpoint accepts only GET and POST.", 405));
        }

        var validation = await validator.ValidateAsync(parameters, cancellationToken);
        if (validation.ShowPage)
        {
            LogRejectedOnPage(logger, validation.Error!.Code);
            return AuthorizeResponses.ErrorPage(validation.Error);
        }
        if (validation.Error is not null)
        {
            return AuthorizeResponses.ErrorToClient(validation.Error, validation.RedirectUri!, issuer, validation.State);
        }
        var request = validation.Request!;

        // Authentication: a session, recent enough for max_age, and fresh if prompt=login asked for it.
        var session = await sessions.GetAsync(context);
        var tooOld = session is not null && request.MaxAge is { } maxAge
            && time.GetUtcNow().UtcDateTime > session.AuthTime.AddSeconds(maxAge);
        if (session is null || tooOld || request.Prompt.Contains(Prompts.Login))
        {
            if (request.PromptNone)
                return AuthorizeResponses.ErrorToClient(new OAuthError(Errors.LoginRequired, "The user is not signed in."), request.RedirectUri, issuer, request.State);
            // Back here after sign-in, without prompt=login (which would ask again forever).
            var returnUrl = ReturnUrl(context, parameters, removePrompt: Prompts.Login);
            var login = QueryHelpers.AddQueryString(AccountPaths.Login, new Dictionary<string, string?>
            {
                [AccountPaths.ReturnUrlParameter] = returnUrl,
                [AccountPaths.LoginHintParameter] = request.LoginHint,
            }.Where(p => p.Value is not null));
            return Results.Redirect(login);
        }

        // Consent, when the client needs it and the user has not already allowed these scopes.
        if (ConsentService.RequiresConsent(request.Client)
            && (request.Prompt.Contains(Prompts.Consent) || !await consent.HasConsentAsync(session.User.Id, request.Client, request.Scopes, cancellationToken)))
        {
            if (request.PromptNone)
                return AuthorizeResponses.ErrorToClient(new OAuthError(Errors.ConsentRequired, "The user has not consented to this client."), request.RedirectUri, issuer, request.State);
            var returnUrl = ReturnUrl(context, parameters, removePrompt: Prompts.Consent);
            return Results.Redirect(QueryHelpers.AddQueryString(AccountPaths.Consent, AccountPaths.ReturnUrlParameter, returnUrl));
        }

        var code = await codes.IssueAsync(request, session, cancellationToken);
        LogCodeIssued(logger, request.Client.ClientId, session.User.Id);
        return AuthorizeResponses.RedirectToClient(request.RedirectUri, issuer, request.State, (Parameters.Code, code));
    }

    /// <summary>This same request as a local GET URL, minus one prompt value already satisfied.</summary>
    public static string ReturnUrl(HttpContext context, ProtocolParameters parameters, string removePrompt)
    {
        var query = new List<KeyValuePair<string, string?>>();
        foreach (var name in parameters.Names)
        {
            var value = parameters[name]!;
            if (name == Parameters.Prompt)
            {
                value = string.Join(' ', value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(v => v != removePrompt));
            }
            if (value.Length > 0) query.Add(new(name, value));
        }
        return QueryHelpers.AddQueryString(context.Request.PathBase + Path, query);
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Authorization request rejected on the error page: {Error}.")]
    private static partial void LogRejectedOnPage(ILogger logger, string error);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Information, Message = "Authorization code issued to client {ClientId} for user {UserId}.")]
    private static partial void LogCodeIssued(ILogger logger, string clientId, string userId);
}
