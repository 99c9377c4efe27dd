using System.Net;
using IdentityHost.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace IdentityHost.Tests.Scale;

/// <summary>
/// With <c>IdentityHost:DataProtection:Store=Database</c>, instances on one database share the Data Protection key
/// ring, so a browser's antiforgery token and session cookie from one instance are accepted by another (a load
/// balancer without sticky sessions). One browser (one cookie jar) talks to two hosts on the same database.
/// </summary>
public sealed class SharedDataProtectionTests
{
    [Fact]
    public async Task ALoginPageFromA_IsPostedToB_AndTheSessionWorksOnA()
    {
        using var a = new IdentityHostFactory();
        UseDatabaseKeyRing(a);
        _ = a.Services; // A starts first and creates the key ring
        using var b = IdentityHostFactory.InDirectory(a.Directory);
        UseDatabaseKeyRing(b);
        await a.CreateUserAsync("dp-shared");
        var (onA, onB) = OneBrowser(a, b);

        var form = await BrowserFlow.GetFormAsync(onA, BrowserFlow.LoginPath, BrowserFlow.LoginPath);
        var signIn = await BrowserFlow.SubmitAsync(onB, form, ("Username", "dp-shared"), ("Password", IdentityHostFactory.Password));
        var account = await onA.GetAsync("/account");

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode); // B accepted A's antiforgery token and signed in
        Assert.Equal(HttpStatusCode.OK, account.StatusCode);      // A accepted B's session cookie
        Assert.Contains("dp-shared", await account.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HostsWithTheirOwnKeyRings_RejectEachOthersAntiforgeryTokens()
    {
        using var a = new IdentityHostFactory();
        using var b = IdentityHostFactory.InDirectory(a.Directory);
        b.Settings["IdentityHost:DataProtection:KeysDirectory"] = Path.Combine(a.Directory, "b-dp-keys");
        await a.CreateUserAsync("dp-separate");
        var (onA, onB) = OneBrowser(a, b);

        var form = await BrowserFlow.GetFormAsync(onA, BrowserFlow.LoginPath, BrowserFlow.LoginPath);
        var signIn = await BrowserFlow.SubmitAsync(onB, form, ("Username", "dp-separate"), ("Password", IdentityHostFactory.Password));

        // The control for the test above: without a shared key ring the same request fails.
        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
    }

    private static void UseDatabaseKeyRing(IdentityHostFactory factory)
    {
        factory.Settings.Remove("IdentityHost:DataProtection:KeysDirectory");
        factory.Settings["IdentityHost:DataProtection:Store"] = "Database";
    }

    /// <summary>Two clients on one cookie jar, one per host; both hosts answer as http://localhost, like instances behind one name.</summary>
    private static (HttpClient A, HttpClient B) OneBrowser(IdentityHostFactory a, IdentityHostFactory b)
    {
        var cookies = new CookieContainer();
        return (a.CreateDefaultClient(new CookieContainerHandler(cookies)), b.CreateDefaultClient(new CookieContainerHandler(cookies)));
    }
}
