using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using EndToEnd.Tests.Infrastructure;
using IdentityHost;
using IdentityHost.Accounts;
using IdentityHost.Tests.Infrastructure.StandIns;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EndToEnd.Tests;

/// <summary>
/// The admin area in a real browser: an admin listed in <c>Admins:Logins</c> signs in through the stand-in GitHub,
/// reaches <c>/admin</c>, and presses "Sign out everywhere" for a user; that user's refresh token then fails with
/// <c>invalid_grant</c>, while another user's still works.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AdminSignOutEverywhereTests(BrowserStack stack, AdminSignOutEverywhereTests.GitHubStack host)
    : IClassFixture<AdminSignOutEverywhereTests.GitHubStack>
{
    private const long AdminGitHubId = 7_300_001;
    private const string PasswordClientId = "password-app";

    /// <summary>
    /// IdentityHost on Kestrel with GitHub sign-in pointed at a stand-in GitHub, the stand-in account listed as an
    /// admin, and a public client with the password and refresh_token grants. Created within the browser
    /// collection, so never at the same time as the other hosts.
    /// </summary>
    public sealed class GitHubStack : IAsyncLifetime
    {
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "endtoend-tests", Guid.NewGuid().ToString("N"));

        public GitHubStandIn GitHub { get; } = new();
        public KestrelHost<IdentityHostMarker> Identity { get; private set; } = null!;

        public Task InitializeAsync()
        {
            Directory.CreateDirectory(_directory);
            var port = FreePort.Next();
            var issuer = $"http://127.0.0.1:{port}";
            var settings = new Dictionary<string, string?>
            {
                ["ConnectionStrings:Identity"] = $"Data Source={Path.Combine(_directory, "identity.db")}",
                ["IdentityHost:Issuer"] = issuer,
                ["IdentityHost:DataProtection:KeysDirectory"] = Path.Combine(_directory, "dp-keys"),
                ["Logging:LogLevel:Default"] = "Warning",
                ["Scopes:0:Name"] = "read:items",
                ["Scopes:0:Resources:0"] = "resources",
                ["Clients:0:ClientId"] = PasswordClientId,
                ["Clients:0:Type"] = "public",
                ["Clients:0:GrantTypes:0"] = "password",
                ["Clients:0:GrantTypes:1"] = "refresh_token",
                ["Clients:0:Scopes:0"] = "openid",
                ["Clients:0:Scopes:1"] = "offline_access",
                ["Clients:0:Scopes:2"] = "read:items",
                ["Admins:Logins:0"] = $"github:{AdminGitHubId}",
            };
            GitHub.Configure(settings);
            Identity = new(settings, port);
            Identity.StartServer();
            return Task.CompletedTask;
        }

        public async Task<string> CreateUserAsync(string prefix)
        {
            var username = $"{prefix}-{Guid.NewGuid():N}"[..20];
            using var scope = Identity.Services.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var result = await users.CreateAsync(
                new ApplicationUser { UserName = username, Email = $"{username}@example.com", EmailConfirmed = true }, BrowserStack.Password);
            Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
            return username;
        }

        public async Task DisposeAsync()
        {
            await Identity.DisposeAsync();
            await GitHub.DisposeAsync();
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task Admin_SignsInWithGitHub_SignsAUserOutEverywhere_AndTheirRefreshTokenFails()
    {
        var issuer = host.Identity.Url;
        using var http = new HttpClient { BaseAddress = new Uri(issuer) };
        var target = await host.CreateUserAsync("target");
        var bystander = await host.CreateUserAsync("bystander");
        var targetRefresh = await PasswordGrantRefreshTokenAsync(http, target);
        var bystanderRefresh = await PasswordGrantRefreshTokenAsync(http, bystander);
        var adminAccount = host.GitHub.Put(GitHubAccount.With(AdminGitHubId, "the-admin", "the-admin@example.com"));

        await using var context = await stack.Browser.NewContextAsync();
        // The stand-in's "who is signed in at GitHub" is the account named on the authorization request (as a real
        // provider's session cookie would say). Playwright does not route redirected requests, so the name is added to
        // IdentityHost's redirect to the stand-in; the request is otherwise IdentityHost's own, unchanged.
        await context.RouteAsync(issuer + "/account/external/github", async route =>
        {
            var response = await route.FetchAsync(new() { MaxRedirects = 0 });
            var headers = new Dictionary<string, string>(response.Headers);
            if (headers.TryGetValue("location", out var location) && location.StartsWith(host.GitHub.AuthorizationEndpoint, StringComparison.Ordinal))
            {
                headers["location"] = QueryHelpers.AddQueryString(location, ProviderStandIn.UserParameter, adminAccount);
            }
            await route.FulfillAsync(new() { Response = response, Headers = headers });
        });
        var page = await context.NewPageAsync();

        try
        {
            // Sign in with GitHub: IdentityHost → stand-in GitHub → IdentityHost's callback, signed in.
            await page.GotoAsync(issuer + "/account/login");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with GitHub" }).ClickAsync();
            await page.WaitForURLAsync(new Regex("^" + Regex.Escape(issuer) + "/account(\\?|$)"));

            // The admin area: granted by Admins:Logins at this sign-in.
            await page.GotoAsync(issuer + "/admin");
            Assert.StartsWith(issuer + "/admin", page.Url);
            await Expect(page.Locator("h1")).ToBeVisibleAsync();

            // Users: find the user, press "Sign out everywhere" on their row.
            await page.GotoAsync(issuer + "/admin/users");
            await page.Locator("#search").FillAsync(target);
            await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
            var row = page.Locator("tbody tr", new() { HasText = target });
            await Expect(row).ToHaveCountAsync(1);
            page.Dialog += (_, dialog) => dialog.AcceptAsync(); // should the button ask for confirmation
            await row.GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere" }).ClickAsync();
            await page.WaitForURLAsync(new Regex("^" + Regex.Escape(issuer) + "/admin/users"));
            await Expect(page.Locator("body")).ToContainTextAsync("signed out everywhere");
        }
        catch (Exception exception) when (exception is PlaywrightException or TimeoutException or Xunit.Sdk.XunitException)
        {
            throw new Xunit.Sdk.XunitException($"{exception.Message}\nThe browser was {await IdentityHostPages.DescribeAsync(page)}");
        }

        // The user's refresh token is now refused; another user's is not.
        var refused = await RefreshAsync(http, targetRefresh);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("invalid_grant", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        var unaffected = await RefreshAsync(http, bystanderRefresh);
        Assert.Equal(HttpStatusCode.OK, unaffected.StatusCode);
    }

    private static async Task<string> PasswordGrantRefreshTokenAsync(HttpClient http, string username)
    {
        var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["client_id"] = PasswordClientId, ["username"] = username,
            ["password"] = BrowserStack.Password, ["scope"] = "openid offline_access read:items",
        }));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"password grant: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("refresh_token").GetString()!;
    }

    private static Task<HttpResponseMessage> RefreshAsync(HttpClient http, string refreshToken) =>
        http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["client_id"] = PasswordClientId, ["refresh_token"] = refreshToken,
        }));
}
