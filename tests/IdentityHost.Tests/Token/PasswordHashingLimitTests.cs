using IdentityHost.Tests.Infrastructure;

namespace IdentityHost.Tests.Token;

/// <summary>
/// Password hashing is bounded: with one hashing slot and a queue timeout far shorter than a hash, a burst of
/// sign-ins is partly answered 503 temporarily_unavailable with Retry-After instead of queueing without end.
/// </summary>
public sealed class PasswordHashingLimitTests : IDisposable
{
    private readonly IdentityHostFactory _factory = new();

    public PasswordHashingLimitTests()
    {
        _factory.Settings["IdentityHost:PasswordHashing:MaxConcurrency"] = "1";
        _factory.Settings["IdentityHost:PasswordHashing:QueueTimeout"] = "00:00:00.001";
    }

    [Fact]
    public async Task Password_BurstBeyondHashingCapacity_GetsFast503WithRetryAfter()
    {
        await _factory.CreateUserAsync("burst");
        var client = _factory.CreateClient();

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => client.PasswordAsync("burst", scope: "read:items")));

        Assert.Contains(results, r => r.Status == 200);
        var rejected = results.Where(r => r.Status == 503).ToList();
        Assert.NotEmpty(rejected);
        Assert.All(rejected, r =>
        {
            Assert.Equal("temporarily_unavailable", r.Error);
            Assert.NotNull(r.Response.Headers.RetryAfter);
        });
        Assert.All(results, r => Assert.Contains(r.Status, new[] { 200, 503 }));
    }

    public void Dispose() => _factory.Dispose();
}
