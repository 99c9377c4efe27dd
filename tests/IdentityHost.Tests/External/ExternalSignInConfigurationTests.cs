using System.Net;
using IdentityHost.Tests.Configuration;
using IdentityHost.Tests.Infrastructure;

namespace IdentityHost.Tests.External;

/// <summary>
/// A provider is enabled only when its client id and secret are set, and only then has a button and a callback;
/// its settings are checked at start-up.
/// </summary>
public sealed class ExternalSignInConfigurationTests
{
    private static async Task<IReadOnlyList<string>> ButtonActionsAsync(IdentityHostFactory host)
    {
        var html = await (await host.CreateBrowser().GetAsync(BrowserFlow.LoginPath)).Content.ReadAsStringAsync();
        return BrowserFlow.ParseForms(html, BrowserFlow.LoginPath).Select(f => f.Action).Where(a => a.StartsWith("/account/external/")).ToList();
    }

    [Fact]
    public async Task NoProviderConfigured_NoButtons_AndNoCallback()
    {
        using var host = ExternalSignInHost.With(configure: null, gitHub: false, google: false);

        var browser = host.CreateBrowser();

        Assert.Empty(await ButtonActionsAsync(host));
        // The login form's antiforgery token, posted where a GitHub button would post.
        var login = await BrowserFlow.GetFormAsync(browser, BrowserFlow.LoginPath, BrowserFlow.LoginPath);
        var challenge = await BrowserFlow.SubmitAsync(browser, login with { Action = "/account/external/github" });
        Assert.Equal(HttpStatusCode.NotFound, challenge.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/signin-github?code=x&state=y")).StatusCode);
    }

    [Fact]
    public async Task OnlyGitHubConfigured_OnlyItsButton_AndGoogleIsNotFound()
    {
        using var host = ExternalSignInHost.With(configure: null, gitHub: true, google: false);
        var browser = host.CreateBrowser();

        Assert.Equal(["/account/external/github"], await ButtonActionsAsync(host));
        var form = await BrowserFlow.GetFormAsync(browser, BrowserFlow.LoginPath, "/account/external/github");
        var google = await BrowserFlow.SubmitAsync(browser, form with { Action = "/account/external/google" });
        Assert.Equal(HttpStatusCode.NotFound, google.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/signin-google?code=x&state=y")).StatusCode);
    }

    [Fact]
    public async Task ClientIdWithoutSecret_TheServerRefusesToStart()
    {
        using var host = ExternalSignInHost.With(s => s["Authentication:Google:ClientSecret"] = null);

        var error = await StartupFailure.OfAsync(host);

        Assert.Contains("Authentication:Google: set both ClientId and ClientSecret", error);
    }

    [Fact]
    public async Task BothConfigured_BothButtons_InOrder()
    {
        using var host = new ExternalSignInHost();

        Assert.Equal(["/account/external/github", "/account/external/google"], await ButtonActionsAsync(host));
    }

    [Theory]
    [InlineData("Authentication:GitHub:TokenEndpoint", "http://github.example/login/oauth/access_token", "must use https unless it is a loopback address")]
    [InlineData("Authentication:Google:UserInformationEndpoint", "/v1/userinfo", "must be an absolute https URL")]
    [InlineData("Authentication:GitHub:EmailsEndpoint", "ftp://127.0.0.1/emails", "must be an absolute https URL")]
    [InlineData("Authentication:Google:EmailsEndpoint", "https://example.com/emails", "is not a Google setting")]
    [InlineData("Admins:Logins:0", "gitlab:12", "must be 'github:<id>' or 'google:<sub>'")]
    [InlineData("Admins:Logins:0", "github:", "must be 'github:<id>' or 'google:<sub>'")]
    [InlineData("Admins:Emails:0", "not-an-email", "is not an email address")]
    public async Task BadSetting_TheServerRefusesToStart_SayingWhich(string key, string value, string expected)
    {
        using var host = ExternalSignInHost.With(s => s[key] = value);

        var error = await StartupFailure.OfAsync(host);

        Assert.Contains(expected, error);
    }

    [Fact]
    public async Task HttpsEndpointsAndLoopbackHttp_Start()
    {
        using var host = ExternalSignInHost.With(s => s["Authentication:GitHub:AuthorizationEndpoint"] = "https://github.example.com/login/oauth/authorize");

        Assert.Equal(HttpStatusCode.OK, (await host.CreateBrowser().GetAsync(BrowserFlow.LoginPath)).StatusCode);
    }
}
