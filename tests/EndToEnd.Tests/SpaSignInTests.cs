using EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EndToEnd.Tests;

/// <summary>
/// The sample SPA in a real browser against the real hosts: authorization code flow with PKCE (RFC 7636) through
/// the login and consent pages, the API called with the access token, a refresh, and RP-initiated logout.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SpaSignInTests(BrowserStack stack)
{
    [Fact]
    public async Task Spa_SignsInCallsTheApiRefreshesAndSignsOut()
    {
        var username = await stack.CreateUserAsync("spa");
        await using var context = await stack.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var issuer = stack.Identity.Url;

        try
        {
            // Sign in: the SPA sends the browser to IdentityHost, which asks for credentials, then consent.
            await page.GotoAsync(stack.Spa.Url);
            await page.Locator("#sign-in").ClickAsync();
            await IdentityHostPages.SignInAsync(page, issuer, username, BrowserStack.Password);
            await IdentityHostPages.AllowAsync(page, issuer);

            // Back in the SPA: the code was exchanged and the id_token validated (signature, iss, aud, nonce).
            await page.WaitForURLAsync(stack.Spa.Url + "/");
            await Expect(page.Locator("#signed-in")).ToBeVisibleAsync();
            await Expect(page.Locator("#claims")).ToContainTextAsync("sub");
            await Expect(page.Locator("#claims")).ToContainTextAsync(issuer);
            await Expect(page.Locator("#userinfo")).ToContainTextAsync("sub");
            await Expect(page.Locator("#status")).Not.ToHaveClassAsync("status error");

            // The API with the access token: create an item (write:items), then list it (read:items).
            await page.Locator("#new-item-name").FillAsync("made in the browser");
            await page.Locator("#add-item button[type=submit]").ClickAsync();
            await Expect(page.Locator("#items li")).ToContainTextAsync(["made in the browser"]);

            // Refresh: new tokens from the refresh token, which still work at the API.
            await page.Locator("#refresh").ClickAsync();
            await Expect(page.Locator("#status")).ToHaveTextAsync("Tokens refreshed.");
            await Expect(page.Locator("#token-info")).ToContainTextAsync("refreshed 1 time(s)");
            await page.Locator("#load-items").ClickAsync();
            await Expect(page.Locator("#status")).ToContainTextAsync("Loaded");

            // Logout at the end-session endpoint with id_token_hint: back to the SPA, signed out, state checked.
            await page.Locator("#sign-out").ClickAsync();
            await page.WaitForURLAsync(stack.Spa.Url + "/");
            await Expect(page.Locator("#status")).ToHaveTextAsync("You have signed out.");
            await Expect(page.Locator("#sign-in")).ToBeVisibleAsync();

            // The IdentityHost session is gone too: signing in again asks for credentials.
            await page.Locator("#sign-in").ClickAsync();
            await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        }
        catch (Exception exception) when (exception is PlaywrightException or TimeoutException or Xunit.Sdk.XunitException)
        {
            throw new Xunit.Sdk.XunitException($"{exception.Message}\nBrowser {await IdentityHostPages.DescribeAsync(page)}");
        }
    }
}
