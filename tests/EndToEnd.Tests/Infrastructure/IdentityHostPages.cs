using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EndToEnd.Tests.Infrastructure;

/// <summary>What a person does on IdentityHost's own pages: sign in, then allow or deny the client.</summary>
public static class IdentityHostPages
{
    public static async Task SignInAsync(IPage page, string issuer, string username, string password)
    {
        await page.WaitForURLAsync(new Regex("^" + Regex.Escape(issuer) + "/account/login"));
        // The fields may be bound as Username or Input.Username; the names end the same way.
        await page.Locator("input[name$='Username']").FillAsync(username);
        await page.Locator("input[name$='Password']").FillAsync(password);
        await page.Locator("form:has(input[name$='Password']) [type=submit]").First.ClickAsync();
    }

    public static async Task AllowAsync(IPage page, string issuer)
    {
        await page.WaitForURLAsync(new Regex("^" + Regex.Escape(issuer) + "/account/consent"));
        var allow = page.Locator("button[name='decision'][value='allow']");
        await Expect(allow).ToBeVisibleAsync();
        await allow.ClickAsync();
    }

    /// <summary>Where the browser was and what it showed, for a failure message.</summary>
    public static async Task<string> DescribeAsync(IPage page)
    {
        try
        {
            var text = await page.Locator("body").InnerTextAsync(new() { Timeout = 2000 });
            return $"at {page.Url}: {(text.Length > 1500 ? text[..1500] + "…" : text)}";
        }
        catch (PlaywrightException)
        {
            return $"at {page.Url}";
        }
    }
}
