using EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EndToEnd.Tests;

/// <summary>
/// Swagger UI on Resources: its Authorize button signs in at IdentityHost as the public client <c>swagger</c>
/// with PKCE, and "Try it out" then calls the API with the token it got.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SwaggerUiAuthorizeTests(BrowserStack stack)
{
    [Fact]
    public async Task SwaggerUi_AuthorizeThenTryItOut_ListsItemsWith200()
    {
        var username = await stack.CreateUserAsync("swagger");
        await using var context = await stack.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var issuer = stack.Identity.Url;
        IPage? popup = null;

        try
        {
            await page.GotoAsync(stack.Resources.Url + "/swagger/index.html");
            await page.Locator("button.btn.authorize").First.ClickAsync();

            // The OAuth dialog: client id preset, scopes chosen by the user.
            var dialog = page.Locator(".modal-ux");
            foreach (var scope in new[] { "read:items", "write:items" })
            {
                // The checkbox itself is hidden behind its styled label; checking through the label is what a user does.
                await dialog.Locator($"label[for='{scope}-authorizationCode-checkbox-oauth2']").CheckAsync();
            }

            // Swagger UI opens the authorization request in a pop-up and receives the code on oauth2-redirect.html.
            popup = await page.RunAndWaitForPopupAsync(() => dialog.Locator("button.modal-btn.authorize").ClickAsync());
            await IdentityHostPages.SignInAsync(popup, issuer, username, BrowserStack.Password);
            await IdentityHostPages.AllowAsync(popup, issuer);

            // Code exchanged at the token endpoint (a cross-origin call): the dialog now offers to log out.
            await Expect(dialog.Locator("button.modal-btn.authorize", new() { HasText = "Logout" })).ToBeVisibleAsync();
            await Expect(dialog.Locator(".errors")).ToHaveCountAsync(0);
            await dialog.Locator("button.modal-btn.btn-done").ClickAsync();

            // Try it out: GET /items with the token.
            var operation = page.Locator(".opblock.opblock-get", new() { Has = page.Locator("[data-path='/items']") });
            await operation.Locator(".opblock-summary").ClickAsync();
            await operation.Locator("button.try-out__btn").ClickAsync();
            await operation.Locator("button.execute").ClickAsync();
            await Expect(operation.Locator(".live-responses-table tbody .response-col_status")).ToHaveTextAsync("200");
        }
        catch (Exception exception) when (exception is PlaywrightException or TimeoutException or Xunit.Sdk.XunitException)
        {
            var where = popup is { IsClosed: false } ? $"pop-up {await IdentityHostPages.DescribeAsync(popup)}\n" : "";
            throw new Xunit.Sdk.XunitException($"{exception.Message}\n{where}Browser {await IdentityHostPages.DescribeAsync(page)}");
        }
    }
}
