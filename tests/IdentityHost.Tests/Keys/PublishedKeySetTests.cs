using IdentityHost.Keys;
using IdentityHost.Tests.Cli;
using IdentityHost.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityHost.Tests.Keys;

/// <summary>
/// The JWKS is on a hot path: its document is built again only when the published set changes, not at every
/// reload (the discovery document is rebuilt when this string instance changes).
/// </summary>
public sealed class PublishedKeySetTests(IdentityHostFactory factory) : IClassFixture<IdentityHostFactory>
{
    [Fact]
    public async Task Reload_WithoutAChange_KeepsTheJwksDocument_AndANewKeyReplacesIt()
    {
        var keys = factory.Services.GetRequiredService<SigningKeyManager>();
        var before = keys.JwksJson;

        await factory.CheckKeysAsync();
        var unchanged = keys.JwksJson;
        (await factory.RunVerbAsync("keys", "rotate")).AssertSucceeded();
        await factory.CheckKeysAsync();

        Assert.Same(before, unchanged);
        Assert.NotSame(before, keys.JwksJson);
        Assert.Equal(2, keys.Published.Count);
    }
}
