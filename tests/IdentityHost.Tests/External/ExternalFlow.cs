using System.Net;
using IdentityHost.Tests.Infrastructure;
using IdentityHost.Tests.Infrastructure.StandIns;
using Microsoft.AspNetCore.WebUtilities;

namespace IdentityHost.Tests.External;

/// <summary>
/// A browser's round trip through a provider: press the provider's button (login page or account page), follow
/// IdentityHost's redirect to the stand-in, approve there as an account (or cancel), follow the provider's redirect
/// back to the callback, and on to the page that finishes the sign-in. Returns that page's response: a redirect to
/// the return URL, to <c>/account/link-existing</c>, or back to the login (or account) page with a message.
/// </summary>
public static class ExternalFlow
{
    public const string AccountPath = "/account";
    public const string LinkExistingPath = "/account/link-existing";
    public const string CallbackPath = "/account/external-callback";

    public static string ButtonAction(ProviderStandIn provider) => $"/account/external/{provider.Name}";

    public static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, ProviderStandIn provider, string account,
        string? returnUrl = null, bool deny = false)
    {
        var challenge = await PressSignInButtonAsync(browser, provider, returnUrl);
        return await ThroughProviderAsync(browser, provider, challenge, account, deny);
    }

    /// <summary>The login page's provider button; returns IdentityHost's redirect to the provider.</summary>
    public static async Task<HttpResponseMessage> PressSignInButtonAsync(HttpClient browser, ProviderStandIn provider, string? returnUrl = null)
    {
        var login = returnUrl is null ? BrowserFlow.LoginPath : QueryHelpers.AddQueryString(BrowserFlow.LoginPath, "ReturnUrl", returnUrl);
        var form = await BrowserFlow.GetFormAsync(browser, login, ButtonAction(provider));
        return await BrowserFlow.SubmitAsync(browser, form);
    }

    /// <summary>The account page's "Link …" button, then the provider.</summary>
    public static async Task<HttpResponseMessage> LinkAsync(HttpClient browser, ProviderStandIn provider, string account, bool deny = false)
    {
        var challenge = await BrowserFlow.SubmitAsync(browser, await LinkFormAsync(browser, provider));
        return await ThroughProviderAsync(browser, provider, challenge, account, deny);
    }

    public static async Task<HtmlForm> LinkFormAsync(HttpClient browser, ProviderStandIn provider)
    {
        var forms = await AccountFormsAsync(browser);
        return forms.SingleOrDefault(f => f.Action == "/account?handler=link" && f["provider"] == provider.Name)
            ?? throw new InvalidOperationException($"the account page has no Link button for {provider.Name}");
    }

    public static async Task<IReadOnlyList<HtmlForm>> AccountFormsAsync(HttpClient browser)
    {
        var response = await browser.GetAsync(AccountPath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return BrowserFlow.ParseForms(await response.Content.ReadAsStringAsync(), AccountPath);
    }

    /// <summary>From IdentityHost's redirect to the provider, to the response of the page that finishes the sign-in.</summary>
    public static async Task<HttpResponseMessage> ThroughProviderAsync(HttpClient browser, ProviderStandIn provider,
        HttpResponseMessage challenge, string account, bool deny = false)
    {
        var atProvider = await ToCallbackAsync(provider, challenge, account, deny);
        return await BackAtIdentityHostAsync(browser, atProvider);
    }

    /// <summary>The stand-in's 302 back to IdentityHost's callback (<c>/signin-github</c>, <c>/signin-google</c>).</summary>
    public static async Task<HttpResponseMessage> ToCallbackAsync(ProviderStandIn provider, HttpResponseMessage challenge, string account, bool deny = false)
    {
        Assert.Equal(HttpStatusCode.Found, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.StartsWith(provider.AuthorizationEndpoint + "?", authorize.AbsoluteUri);
        var atProvider = await provider.AuthorizeAsync(authorize, account, deny);
        Assert.Equal(HttpStatusCode.Found, atProvider.StatusCode);
        Assert.StartsWith($"http://localhost/signin-{provider.Name}?", atProvider.Headers.Location!.AbsoluteUri);
        return atProvider;
    }

    public static async Task<HttpResponseMessage> BackAtIdentityHostAsync(HttpClient browser, HttpResponseMessage atProvider)
    {
        var response = await browser.GetAsync(atProvider.Headers.Location);
        while (response.StatusCode == HttpStatusCode.Found && PathOf(response) == CallbackPath)
        {
            response = await browser.GetAsync(response.Headers.Location);
        }
        return response;
    }

    public static string PathOf(HttpResponseMessage redirect)
    {
        var location = redirect.Headers.Location?.OriginalString ?? throw new InvalidOperationException($"no Location (status {(int)redirect.StatusCode})");
        return location.Contains('?') ? location[..location.IndexOf('?')] : location;
    }

    public static Dictionary<string, string> QueryOf(HttpResponseMessage redirect)
    {
        var location = redirect.Headers.Location?.OriginalString ?? throw new InvalidOperationException($"no Location (status {(int)redirect.StatusCode})");
        var query = location.Contains('?') ? location[location.IndexOf('?')..] : "";
        return QueryHelpers.ParseQuery(query).ToDictionary(p => p.Key, p => p.Value.ToString());
    }

    /// <summary>The message (<c>role="alert"</c>) of the page a redirect leads to.</summary>
    public static async Task<string?> AlertAfterAsync(HttpClient browser, HttpResponseMessage redirect)
    {
        var page = await browser.GetAsync(redirect.Headers.Location);
        return BrowserFlow.AlertText(await page.Content.ReadAsStringAsync());
    }

    /// <summary>The signed-in user's name as the account page shows it, or null without a session.</summary>
    public static async Task<string?> SignedInUserNameAsync(HttpClient browser)
    {
        var response = await browser.GetAsync(AccountPath);
        if (response.StatusCode != HttpStatusCode.OK) return null;
        var html = await response.Content.ReadAsStringAsync();
        var match = System.Text.RegularExpressions.Regex.Match(html, """<span class="user-name">(?<name>[^<]*)</span>""");
        return match.Success ? WebUtility.HtmlDecode(match.Groups["name"].Value) : null;
    }
}
