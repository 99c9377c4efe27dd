using System.Net;
using IdentityHost.Accounts;
using IdentityHost.Pages.Account;
using IdentityHost.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityHost.Tests.Pages;

/// <summary>When no password hashing slot frees in time, the login page says so with 503 rather than hanging
/// (DESIGN.md §6, CPU-bound hashing).</summary>
public sealed class LoginBusyTests : IDisposable
{
    private readonly IdentityHostFactory _factory = new();

    public LoginBusyTests()
    {
        _factory.Settings["IdentityHost:PasswordHashing:MaxConcurrency"] = "1";
        _factory.Settings["IdentityHost:PasswordHashing:QueueTimeout"] = "00:00:00.05";
    }

    [Fact]
    public async Task Post_WhenEveryHashingSlotIsTaken_Is503WithTryAgainMessage()
    {
        await _factory.CreateUserAsync("busy");
        var browser = _factory.CreateBrowser();
        var form = await BrowserFlow.GetFormAsync(browser, "/account/login");
        var release = new TaskCompletionSource<int>();
        var holder = _factory.Services.GetRequiredService<PasswordHashGate>().TryRunAsync(() => release.Task, CancellationToken.None);

        var response = await BrowserFlow.SubmitAsync(browser, form, ("Username", "busy"), ("Password", IdentityHostFactory.Password));
        release.SetResult(0);
        await holder;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal(LoginModel.Busy, BrowserFlow.AlertText(await response.Content.ReadAsStringAsync()));
        Assert.False(await PageClients.IsSignedInAsync(browser));
    }

    public void Dispose() => _factory.Dispose();
}
