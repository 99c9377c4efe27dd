using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;

namespace IdentityHost.Tests.Infrastructure;

/// <summary>A form read from an HTML page: where it posts, and the values a browser would send without the user
/// typing anything (hidden fields such as <c>ReturnUrl</c> and the antiforgery token, prefilled inputs).</summary>
public sealed record HtmlForm(string Action, IReadOnlyDictionary<string, string> Fields)
{
    public string? this[string name] => Fields.GetValueOrDefault(name);
}

/// <summary>
/// Drives the account pages the way a browser does, through the real pipeline: GET a page, read its form (with the
/// antiforgery token), POST it. Use a client from <see cref="CreateBrowser"/> (cookies kept, redirects not followed)
/// so every redirect can be asserted. Typical code flow:
/// <code>
/// var browser = factory.CreateBrowser();
/// var login = await browser.GetAsync(authorizeUrl);                       // 302 /account/login?ReturnUrl=...
/// var back = await BrowserFlow.SignInAsync(browser, "alice", returnUrl: BrowserFlow.ReturnUrlOf(login));
/// var consent = await BrowserFlow.FollowAsync(browser, back);              // 302 /account/consent?ReturnUrl=...
/// var allowed = await BrowserFlow.ConsentAsync(browser, consent.Headers.Location!.OriginalString, "allow");
/// var toClient = await BrowserFlow.FollowAsync(browser, allowed);          // 302 redirect_uri?code=...&amp;state=...&amp;iss=...
/// </code>
/// or all of it at once with <see cref="AuthorizeAsync"/>.
/// </summary>
public static partial class BrowserFlow
{
    public const string AntiforgeryField = "__RequestVerificationToken";
    public const string LoginPath = "/account/login";
    public const string ConsentPath = "/account/consent";
    public const string SessionCookie = "IdentityHost.Session";

    /// <summary>A test browser: keeps cookies between requests and does not follow redirects.</summary>
    public static HttpClient CreateBrowser<T>(this WebApplicationFactory<T> factory) where T : class =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>GETs <paramref name="url"/> (expecting 200) and reads its first POST form, or the one posting to
    /// <paramref name="formAction"/>.</summary>
    public static async Task<HtmlForm> GetFormAsync(HttpClient browser, string url, string? formAction = null)
    {
        var response = await browser.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode} {response.Headers.Location}: {html}");
        }
        return ParseForms(html, url).FirstOrDefault(f => formAction is null || f.Action == formAction)
            ?? throw new InvalidOperationException($"GET {url} has no POST form{(formAction is null ? "" : " to " + formAction)}: {html}");
    }

    /// <summary>POSTs the form's fields with <paramref name="values"/> set on top; a null value leaves a field out
    /// (e.g. <c>(AntiforgeryField, null)</c> to test the antiforgery check).</summary>
    public static Task<HttpResponseMessage> SubmitAsync(HttpClient browser, HtmlForm form, params (string Name, string? Value)[] values)
    {
        var fields = form.Fields.ToDictionary(f => f.Key, f => (string?)f.Value);
        foreach (var (name, value) in values) fields[name] = value;
        var content = new FormUrlEncodedContent(fields.Where(f => f.Value is not null).Select(f => new KeyValuePair<string, string>(f.Key, f.Value!)));
        return browser.PostAsync(form.Action, content);
    }

    /// <summary>
    /// Signs in on <c>/account/login?ReturnUrl=…</c> and returns the POST's response: on success a 302 to
    /// <paramref name="returnUrl"/> (or <c>/account</c>) with the session cookie set; on failure the login page again.
    /// </summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string username, string password = IdentityHostFactory.Password,
        string? returnUrl = null)
    {
        var url = returnUrl is null ? LoginPath : QueryHelpers.AddQueryString(LoginPath, "ReturnUrl", returnUrl);
        var form = await GetFormAsync(browser, url, LoginPath);
        return await SubmitAsync(browser, form, ("Username", username), ("Password", password));
    }

    /// <summary>
    /// Answers the consent page at <paramref name="consentUrl"/> (the Location the authorization endpoint sent) with
    /// <paramref name="decision"/> <c>"allow"</c> or <c>"deny"</c>, and returns the POST's response: allow → 302 back to
    /// <c>/connect/authorize</c>; deny → 302 to the client's redirect URI with <c>error=access_denied</c>.
    /// </summary>
    public static async Task<HttpResponseMessage> ConsentAsync(HttpClient browser, string consentUrl, string decision)
    {
        var form = await GetFormAsync(browser, consentUrl, ConsentPath);
        return await SubmitAsync(browser, form, ("decision", decision));
    }

    /// <summary>GETs the Location of a redirect response.</summary>
    public static Task<HttpResponseMessage> FollowAsync(HttpClient browser, HttpResponseMessage redirect) =>
        browser.GetAsync(redirect.Headers.Location ?? throw new InvalidOperationException($"no Location (status {(int)redirect.StatusCode})"));

    /// <summary>The <c>ReturnUrl</c> query parameter of a redirect to the login or consent page.</summary>
    public static string ReturnUrlOf(HttpResponseMessage redirect)
    {
        var location = redirect.Headers.Location?.OriginalString ?? throw new InvalidOperationException("no Location");
        var query = location.Contains('?') ? location[location.IndexOf('?')..] : "";
        return QueryHelpers.ParseQuery(query)["ReturnUrl"].ToString();
    }

    /// <summary>
    /// A whole browser round from <paramref name="authorizeUrl"/>: signs in when sent to the login page (as
    /// <paramref name="username"/>), answers consent with <paramref name="consent"/> when asked, and returns the
    /// first response that leaves the server — the redirect to the client (or whatever non-redirect came instead).
    /// </summary>
    public static async Task<HttpResponseMessage> AuthorizeAsync(HttpClient browser, string authorizeUrl, string username,
        string password = IdentityHostFactory.Password, string consent = "allow")
    {
        var response = await browser.GetAsync(authorizeUrl);
        for (var step = 0; step < 8; step++)
        {
            var location = response.Headers.Location?.OriginalString;
            if (location is null || !location.StartsWith('/'))
            {
                return response;
            }
            response = location.StartsWith(LoginPath, StringComparison.Ordinal) ? await SignInAsync(browser, username, password, ReturnUrlOf(response))
                : location.StartsWith(ConsentPath, StringComparison.Ordinal) ? await ConsentAsync(browser, location, consent)
                : await browser.GetAsync(location);
        }
        throw new InvalidOperationException("Too many redirects in the authorization flow.");
    }

    /// <summary>The POST forms of a page, with their action (the page's own URL when the form has none).</summary>
    public static IReadOnlyList<HtmlForm> ParseForms(string html, string pageUrl)
    {
        var forms = new List<HtmlForm>();
        foreach (Match form in FormPattern().Matches(html))
        {
            var attributes = Attributes(form.Groups["attributes"].Value);
            if (!string.Equals(attributes.GetValueOrDefault("method"), "post", StringComparison.OrdinalIgnoreCase)) continue;
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match input in InputPattern().Matches(form.Groups["body"].Value))
            {
                var inputAttributes = Attributes(input.Groups["attributes"].Value);
                var type = inputAttributes.GetValueOrDefault("type") ?? "text";
                if (inputAttributes.GetValueOrDefault("name") is { } name && type is not ("submit" or "button" or "image"))
                {
                    fields[name] = inputAttributes.GetValueOrDefault("value") ?? "";
                }
            }
            forms.Add(new HtmlForm(attributes.GetValueOrDefault("action") ?? pageUrl, fields));
        }
        return forms;
    }

    /// <summary>The text of the page's <c>role="alert"</c> message, if any.</summary>
    public static string? AlertText(string html) =>
        AlertPattern().Match(html) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups["text"].Value).Trim() : null;

    private static Dictionary<string, string> Attributes(string text) =>
        AttributePattern().Matches(text).ToDictionary(m => m.Groups["name"].Value.ToLowerInvariant(), m => WebUtility.HtmlDecode(m.Groups["value"].Value));

    [GeneratedRegex("""<form\b(?<attributes>[^>]*)>(?<body>.*?)</form>""", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FormPattern();

    [GeneratedRegex("""<input\b(?<attributes>[^>]*)>""", RegexOptions.IgnoreCase)]
    private static partial Regex InputPattern();

    [GeneratedRegex(@"(?<name>[\w:-]+)\s*=\s*""(?<value>[^""]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex AttributePattern();

    [GeneratedRegex("""<[a-z]+[^>]*role="alert"[^>]*>(?<text>.*?)</""", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex AlertPattern();
}
