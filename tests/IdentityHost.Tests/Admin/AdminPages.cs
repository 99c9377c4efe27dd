using System.Net;
using IdentityHost.Stores;
using IdentityHost.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityHost.Tests.Admin;

/// <summary>
/// The steps the admin-area tests repeat: an admin (a local user in the <c>admin</c> role) signed in through the
/// login page, pages fetched as HTML, forms posted with their antiforgery token (and multi-valued fields, which
/// <see cref="BrowserFlow.SubmitAsync"/> cannot send), and the audit log read from the store.
/// </summary>
public static class AdminPages
{
    public const string AdminRole = "admin";

    public static string NewName(string prefix = "u") => prefix + Guid.NewGuid().ToString("N")[..10];

    /// <summary>Creates an admin and signs them in; returns the browser and the admin's user id.</summary>
    public static async Task<(HttpClient Browser, string AdminId)> SignInAdminAsync(IdentityHostFactory factory)
    {
        var name = NewName("admin");
        var admin = await factory.CreateUserAsync(name, roles: [AdminRole]);
        return (await SignInAsync(factory, name), admin.Id);
    }

    /// <summary>A browser signed in as <paramref name="username"/> through the login page.</summary>
    public static async Task<HttpClient> SignInAsync(IdentityHostFactory factory, string username)
    {
        var browser = factory.CreateBrowser();
        var response = await BrowserFlow.SignInAsync(browser, username);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    /// <summary>GETs a page that must answer 200; returns its HTML.</summary>
    public static async Task<string> GetHtmlAsync(HttpClient browser, string url)
    {
        var response = await browser.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {response.Headers.Location}");
        return html;
    }

    /// <summary>The POST form of the page at <paramref name="url"/> posting to <paramref name="action"/>, optionally the
    /// one whose hidden <paramref name="field"/> has <paramref name="value"/> (a row of a table).</summary>
    public static async Task<HtmlForm> FormAsync(HttpClient browser, string url, string action, string? field = null, string? value = null)
    {
        var html = await GetHtmlAsync(browser, url);
        var forms = BrowserFlow.ParseForms(html, url);
        return forms.FirstOrDefault(f => f.Action == action && (field is null || f[field] == value))
            ?? throw new InvalidOperationException($"GET {url} has no form to {action} with {field}={value}:\n{html}");
    }

    /// <summary>Submits the form's hidden fields (antiforgery token included) plus the row action's id.</summary>
    public static Task<HttpResponseMessage> SubmitAsync(HttpClient browser, HtmlForm form) => BrowserFlow.SubmitAsync(browser, form);

    /// <summary>POSTs <paramref name="fields"/> (names may repeat, like checkboxes) with the antiforgery token of
    /// <paramref name="form"/>; nothing else of the form is sent.</summary>
    public static Task<HttpResponseMessage> PostFieldsAsync(HttpClient browser, HtmlForm form, params (string Name, string Value)[] fields)
    {
        var all = new List<KeyValuePair<string, string>> { new(BrowserFlow.AntiforgeryField, form[BrowserFlow.AntiforgeryField]!) };
        all.AddRange(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        return browser.PostAsync(form.Action, new FormUrlEncodedContent(all));
    }

    /// <summary>The audit events, latest first, read straight from the store.</summary>
    public static async Task<List<AuditEventEntity>> AuditEventsAsync(IdentityHostFactory factory)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityHostDbContext>();
        return await db.AuditEvents.AsNoTracking().OrderByDescending(e => e.Id).ToListAsync();
    }

    /// <summary>The one audit event of <paramref name="action"/> on <paramref name="subject"/>.</summary>
    public static async Task<AuditEventEntity> SingleAuditEventAsync(IdentityHostFactory factory, string action, string subject) =>
        Assert.Single(await AuditEventsAsync(factory), e => e.Action == action && e.Subject == subject);

    public static async Task<T> WithDbAsync<T>(IdentityHostFactory factory, Func<IdentityHostDbContext, Task<T>> query)
    {
        using var scope = factory.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<IdentityHostDbContext>());
    }

    public static async Task<IdentityHost.Accounts.ApplicationUser> GetUserAsync(this IServiceProvider services, string userId)
    {
        using var scope = services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<IdentityHost.Accounts.ApplicationUser>>();
        return await users.FindByIdAsync(userId) ?? throw new InvalidOperationException($"no user {userId}");
    }

    public static Task<ClientEntity?> StoredClientAsync(IdentityHostFactory factory, string clientId) =>
        WithDbAsync(factory, db => db.Clients.AsNoTracking().FirstOrDefaultAsync(c => c.ClientId == clientId));

    /// <summary>Whether the browser's session is alive: <c>/account</c> answers 200 to a signed-in user.</summary>
    public static async Task<bool> IsSignedInAsync(HttpClient browser) =>
        (await browser.GetAsync("/account")).StatusCode == HttpStatusCode.OK;

    /// <summary>Moves the clock past Identity's security stamp validation interval, so the next request re-checks
    /// every browser session's stamp against the store.</summary>
    public static void PassStampValidationInterval(IdentityHostFactory factory) =>
        factory.Clock.Advance(IdentityHost.Accounts.UserSessions.SecurityStampValidationInterval + TimeSpan.FromSeconds(1));
}
