using IdentityHost.Tests.Configuration;
using IdentityHost.Tests.Infrastructure;

namespace IdentityHost.Tests.Keys;

/// <summary>
/// The rotation periods are checked at start-up: a key must be published before it signs (propagation shorter than
/// rotation, and every instance reloads within the propagation period), and a retired key must stay published
/// until every token it signed has expired (retention at least the longest token lifetime).
/// </summary>
public sealed class SigningKeyOptionsValidationTests
{
    public static TheoryData<string, string> Mistakes => new()
    {
        { "SigningKeys:RotationPeriod=00:00:00", "RotationPeriod must be positive" },
        { "SigningKeys:PropagationPeriod=-1.00:00:00", "PropagationPeriod must be positive" },
        { "SigningKeys:RetentionPeriod=00:00:00", "RetentionPeriod must be positive" },
        { "SigningKeys:CheckInterval=00:00:00", "CheckInterval must be positive" },
        { "SigningKeys:PropagationPeriod=30.00:00:00", "PropagationPeriod must be shorter than RotationPeriod" },
        { "SigningKeys:CheckInterval=2.00:00:00", "CheckInterval must be shorter than PropagationPeriod" },
        { "SigningKeys:RetentionPeriod=00:14:59", "RetentionPeriod must be at least the longest token lifetime" },
        { "Tokens:IdentityTokenLifetime=1.00:00:01", "RetentionPeriod must be at least the longest token lifetime" },
        { "Tokens:AccessTokenLifetime=2.00:00:00", "RetentionPeriod must be at least the longest token lifetime" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public async Task Startup_InconsistentKeyPeriods_RefusesToStartNamingTheSetting(string mistake, string message)
    {
        using var factory = new IdentityHostFactory();
        var (key, value) = (mistake[..mistake.IndexOf('=')], mistake[(mistake.IndexOf('=') + 1)..]);
        factory.Settings[$"IdentityHost:{key}"] = value;

        var failure = await StartupFailure.OfAsync(factory);

        Assert.Contains("IdentityHost:SigningKeys:" + message, failure);
    }

    [Fact]
    public async Task Startup_RetentionEqualToTheLongestTokenLifetime_Starts()
    {
        using var factory = new IdentityHostFactory();
        factory.Settings["IdentityHost:Tokens:IdentityTokenLifetime"] = "1.00:00:00";

        var response = await factory.CreateClient().GetAsync("/.well-known/jwks");

        Assert.Equal(200, (int)response.StatusCode);
    }
}
