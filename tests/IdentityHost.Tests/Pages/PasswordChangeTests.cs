using System.Net;
using IdentityHost.Admin;
using IdentityHost.Pages.Account;
using IdentityHost.Tests.Admin;
using IdentityHost.Tests.Audit;
using IdentityHost.Tests.Infrastructure;
using IdentityHost.Tests.Introspection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IdentityHost.Tests.Pages;

/// <summary>
/// Issue #5 §3: a password change (account page) and a password reset (command line) change the security stamp and
/// revoke all the user's grants — refresh fails, other sessions end — while the session that made the change goes on.
/// The current password is a sign-in attempt: a wrong one counts toward lockout and the failure budgets and is audited.
/// </summary>
public sealed class PasswordChangeTests : IDisposable
{
    private const string NewPassword = "N3w-Passw0rd!";
    private const string PasswordForm = "/account?handler=password";
    private readonly IdentityHostFactory _factory = new IdentityHostFactory().WithResourceServers();

    public void Dispose() => _factory.Dispose();

    private async Task<HttpResponseMessage> ChangeAsync(HttpClient browser, string current, string next, string? confirm = null)
    {
        var form = await BrowserFlow.GetFormAsync(browser, "/account", PasswordForm);
        return await BrowserFlow.SubmitAsync(browser, form,
            ("currentPassword", current), ("newPassword", next), ("confirmPassword", confirm ?? next));
    }

    [Fact]
    public async Task Change_EndsOtherSessionsAndGrants_KeepsThisSession()
    {
        var user = await _factory.CreateUserAsync("pc-user");
        var api = _factory.CreateClient();
        var tokens = await api.PasswordAsync("pc-user");
        var browser = _factory.CreateBrowser();
        var otherBrowser = _factory.CreateBrowser();
        await BrowserFlow.SignInAsync(browser, "pc-user");
        await BrowserFlow.SignInAsync(otherBrowser, "pc-user");

        var response = await ChangeAsync(browser, IdentityHostFactory.Password, NewPassword);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(IndexModel.PasswordChangedMessage, BrowserFlow.AlertText(await response.Content.ReadAsStringAsync()));
        Assert.Equal("invalid_grant", (await api.RefreshAsync(tokens.RefreshToken!)).Error);
        Assert.False((await api.IntrospectAsync(tokens.RefreshToken)).Active);
        Assert.False(await AdminPages.IsSignedInAsync(otherBrowser));
        Assert.True(await AdminPages.IsSignedInAsync(browser));
        AdminPages.PassStampValidationInterval(_factory); // Identity's own periodic re-check keeps this session too
        Assert.True(await AdminPages.IsSignedInAsync(browser));
        Assert.Equal(200, (await api.PasswordAsync("pc-user", NewPassword)).Status);
        Assert.Equal("invalid_grant", (await api.PasswordAsync("pc-user")).Error);
        await AuditTrail.WaitForAsync(_factory, AuditActions.PasswordChanged, e => e.Subject == user.Id);
    }

    [Fact]
    public async Task WrongCurrentPassword_ChangesNothing()
    {
        await _factory.CreateUserAsync("pc-wrong");
        var api = _factory.CreateClient();
        var tokens = await api.PasswordAsync("pc-wrong");
        var browser = _factory.CreateBrowser();
        await BrowserFlow.SignInAsync(browser, "pc-wrong");

        var response = await ChangeAsync(browser, "not-my-password", NewPassword);

        Assert.Equal(IndexModel.WrongCurrentPassword, BrowserFlow.AlertText(await response.Content.ReadAsStringAsync()));
        Assert.Equal(200, (await api.RefreshAsync(tokens.RefreshToken!)).Status);
        Assert.Equal(200, (await api.PasswordAsync("pc-wrong")).Status);
    }

    [Fact]
    public async Task OverlongPassword_IsRefusedBeforeHashing_AndChangesNothing()
    {
        await _factory.CreateUserAsync("pc-long");
        var browser = _factory.CreateBrowser();
        await BrowserFlow.SignInAsync(browser, "pc-long");
        var overlong = "Aa1!" + new string('x', IdentityHost.Accounts.PasswordSignIn.MaxPasswordLength);

        var response = await ChangeAsync(browser, IdentityHostFactory.Password, overlong);

        Assert.Equal(IndexModel.PasswordTooLong, BrowserFlow.AlertText(await response.Content.ReadAsStringAsync()));
        Assert.Equal(200, (await _factory.CreateClient().PasswordAsync("pc-long")).Status);
    }

    [Fact]
    public async Task MismatchedConfirmation_ChangesNothing()
    {
        await _factory.CreateUserAsync("pc-confirm");
        var browser = _factory.CreateBrowser();
        await BrowserFlow.SignInAsync(browser, "pc-confirm");

        var response = await ChangeAsync(browser, IdentityHostFactory.Password, NewPassword, confirm: NewPassword + "x");

        Assert.Equal(IndexModel.PasswordsDiffer, BrowserFlow.AlertText(await response.Content.ReadAsStringAsync()));
        Assert.Equal(200, (await _factory.CreateClient().PasswordAsync("pc-confirm")).Status);
    }

    [Fact]
    public async Task WrongCurrentPasswords_LockTheAccount_ThenEvenTheRightOneCannotChangeIt()
    {
        // A locked account has no session (BrowserSession), so the lock ends the page; the attempt with the right
        // password is a form the page served before it.
        // The per-username failure budget equals the lockout threshold and would answer 429 before the lock shows.
        _factory.WithoutFailureBudgets();
        var user = await _factory.CreateUserAsync("pc-guess");
        var browser = _factory.CreateBrowser();
        await BrowserFlow.SignInAsync(browser, "pc-guess");
        var threshold = _factory.Services.GetRequiredService<IOptions<IdentityOptions>>().Value.Lockout.MaxFailedAccessAttempts;
        var formBeforeTheLock = await BrowserFlow.GetFormAsync(browser, "/account", PasswordForm);

        var answers = new List<(HttpStatusCode, string?)>();
        for (var i = 0; i < threshold; i++)
        {
            var wrong = await ChangeAsync(browser, "Wrong-passw0rd" + i, NewPassword);
            answers.Add((wrong.StatusCode, BrowserFlow.AlertText(await wrong.Content.ReadAsStringAsync())));
        }
        var right = await BrowserFlow.SubmitAsync(browser, formBeforeTheLock,
            ("currentPassword", IdentityHostFactory.Password), ("newPassword", NewPassword), ("confirmPassword", NewPassword));

        Assert.All(answers[..^1], a => Assert.Equal((HttpStatusCode.OK, IndexModel.WrongCurrentPassword), a));
        Assert.Equal((HttpStatusCode.Forbidden, IndexModel.LockedOut), answers[^1]);
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal("/account/login", PageClients.PathOf(right));
        await _factory.WithUserAsync("pc-guess", async (users, u) =>
        {
            Assert.True(await users.IsLockedOutAsync(u));
            Assert.True(await users.CheckPasswordAsync(u, IdentityHostFactory.Password));
        });
        // Audited as sign-in failures are: each wrong password, and the lockout (recorded last).
        await AuditTrail.WaitForAsync(_factory, AuditActions.UserLockedOut, e => e.Subject == user.Id);
        var trail = await AuditTrail.AllAsync(_factory);
        Assert.Equal(threshold, trail.Count(e => e.Action == AuditActions.SignInFailed && e.Subject == user.Id && e.Details.Contains("wrong password")));
        Assert.Single(trail, e => e.Action == AuditActions.UserLockedOut && e.Subject == user.Id);
        Assert.DoesNotContain(trail, e => e.Action == AuditActions.PasswordChanged);
    }

    [Fact]
    public async Task WrongCurrentPasswords_SpendTheSignInFailureBudget_OfTheLoginPageToo()
    {
        const int budget = 2; // below the lockout threshold: what refuses here is the budget, not the lock
        _factory.Settings["IdentityHost:RateLimiting:SignInFailuresPerUsernameAndIp"] = budget.ToString();
        await _factory.CreateUserAsync("pc-budget");
        var browser = _factory.CreateBrowser();
        await BrowserFlow.SignInAsync(browser, "pc-budget");

        for (var i = 0; i < budget; i++) await ChangeAsync(browser, "Wrong-passw0rd" + i, NewPassword);
        var change = await ChangeAsync(browser, IdentityHostFactory.Password, NewPassword);
        var login = await BrowserFlow.SignInAsync(_factory.CreateBrowser(), "pc-budget");

        Assert.Equal(HttpStatusCode.TooManyRequests, change.StatusCode);
        Assert.NotNull(change.Headers.RetryAfter);
        Assert.Equal(LoginModel.TooManyAttempts, BrowserFlow.AlertText(await change.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.TooManyRequests, login.StatusCode);
        await _factory.WithUserAsync("pc-budget", async (users, u) => Assert.True(await users.CheckPasswordAsync(u, IdentityHostFactory.Password)));
    }
}
