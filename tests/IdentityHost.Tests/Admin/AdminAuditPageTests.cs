using System.Net;
using System.Text.RegularExpressions;
using IdentityHost.Admin;
using IdentityHost.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityHost.Tests.Admin;

/// <summary><c>/admin/audit</c>: every admin action, latest first, a page at a time, naming who did it.</summary>
public sealed partial class AdminAuditPageTests : IDisposable
{
    // Its own host: the paging test counts every event in the log.
    private readonly IdentityHostFactory _factory = new();

    [Fact]
    public async Task ListsActionsLatestFirstWithTheAdminsName()
    {
        var (admin, adminId) = await AdminPages.SignInAdminAsync(_factory);
        var adminName = (await _factory.Services.GetUserAsync(adminId)).UserName!;
        var target = await _factory.CreateUserAsync(AdminPages.NewName());
        foreach (var handler in new[] { "lock", "unlock", "signout" })
        {
            var form = await AdminPages.FormAsync(admin, "/admin/users?search=" + target.UserName, $"/admin/users?handler={handler}", "id", target.Id);
            Assert.Equal(HttpStatusCode.Redirect, (await AdminPages.SubmitAsync(admin, form)).StatusCode);
        }

        var html = await AdminPages.GetHtmlAsync(admin, "/admin/audit?subject=" + target.Id);

        Assert.Equal([AuditActions.UserSignedOutEverywhere, AuditActions.UserUnlocked, AuditActions.UserLocked], Actions(html));
        Assert.Equal(3, Regex.Matches(html, $"<code class=\"subject\">{target.Id}</code>").Count);
        Assert.Contains(adminName, html);
        Assert.Contains(adminId, html);
    }

    [Fact]
    public async Task IsPaged_FiftyEventsAPage()
    {
        var (admin, _) = await AdminPages.SignInAdminAsync(_factory);
        using (var scope = _factory.Services.CreateScope())
        {
            var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
            for (var i = 0; i < 60; i++)
            {
                await audit.WriteAsync(AdminActor.CommandLine, AuditActions.ClientAdded, $"client-{i:00}", "", CancellationToken.None);
            }
        }

        var first = await AdminPages.GetHtmlAsync(admin, "/admin/audit?action=client.added");
        var second = await AdminPages.GetHtmlAsync(admin, "/admin/audit?action=client.added&p=2");

        Assert.Equal(50, Subjects(first).Count);
        Assert.Equal("client-59", Subjects(first)[0]); // latest first
        Assert.Contains("href=\"/admin/audit?action=client.added&amp;p=2\"", first);
        Assert.Equal(10, Subjects(second).Count);
        Assert.Equal("client-00", Subjects(second)[^1]);
        Assert.Contains("href=\"/admin/audit?action=client.added&amp;p=1\"", second);
        Assert.Contains("system", first);
    }

    // The server's own key.created event (its first signing key) is in the log too; these tests count the admins'.
    private static List<string> Actions(string html) =>
        ActionPattern().Matches(html).Select(m => m.Groups[1].Value).Where(a => !a.StartsWith("key.", StringComparison.Ordinal)).ToList();

    private static List<string> Subjects(string html) =>
        SubjectPattern().Matches(html).Select(m => m.Groups[1].Value).Where(s => s.StartsWith("client-", StringComparison.Ordinal)).ToList();

    [GeneratedRegex("""<code class="action">([^<]+)</code>""")]
    private static partial Regex ActionPattern();

    [GeneratedRegex("""<code class="subject">([^<]+)</code>""")]
    private static partial Regex SubjectPattern();

    public void Dispose() => _factory.Dispose();
}
