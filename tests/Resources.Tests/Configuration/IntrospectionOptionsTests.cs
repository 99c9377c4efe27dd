using Resources.Configuration;

namespace Resources.Tests.Configuration;

/// <summary><c>Resources:TokenValidation</c> and <c>Resources:Introspection</c>: refused at start-up when inconsistent.</summary>
public sealed class IntrospectionOptionsTests
{
    private readonly ResourcesOptionsValidator _validator = new();

    private static ResourcesOptions Introspecting(Action<IntrospectionOptions>? change = null)
    {
        var options = new ResourcesOptions
        {
            Authority = "https://id.example.com",
            TokenValidation = "introspection",
            Introspection = { ClientId = "resource-server", ClientSecret = "secret" },
        };
        change?.Invoke(options.Introspection);
        return options;
    }

    [Fact]
    public void Defaults_AreLocalValidationAndAFiveSecondCache()
    {
        var options = new ResourcesOptions();

        Assert.Equal("local", options.TokenValidation);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Introspection.CacheDuration);
        Assert.True(_validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void IntrospectionMode_WithCredentials_IsAccepted()
    {
        var result = _validator.Validate(null, Introspecting());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("Local")]
    [InlineData("remote")]
    [InlineData("")]
    public void UnknownMode_IsRefusedNamingTheKey(string mode)
    {
        var result = _validator.Validate(null, new ResourcesOptions { TokenValidation = mode });

        Assert.True(result.Failed);
        Assert.Contains("Resources:TokenValidation", result.FailureMessage);
    }

    [Theory]
    [InlineData(null, "secret")]
    [InlineData("resource-server", null)]
    [InlineData(" ", "secret")]
    public void IntrospectionMode_WithoutCredentials_IsRefused(string? clientId, string? secret)
    {
        var result = _validator.Validate(null, Introspecting(i => { i.ClientId = clientId; i.ClientSecret = secret; }));

        Assert.True(result.Failed);
        Assert.Contains("Resources:Introspection:ClientId", result.FailureMessage);
    }

    [Fact]
    public void LocalMode_NeedsNoCredentials()
    {
        var options = Introspecting(i => { i.ClientId = null; i.ClientSecret = null; });
        options.TokenValidation = "local";

        Assert.True(_validator.Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(61)]
    public void IntrospectionMode_CacheOutsideZeroToOneMinute_IsRefused(int seconds)
    {
        var result = _validator.Validate(null, Introspecting(i => i.CacheDuration = TimeSpan.FromSeconds(seconds)));

        Assert.True(result.Failed);
        Assert.Contains("Resources:Introspection:CacheDuration", result.FailureMessage);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(60)]
    public void IntrospectionMode_CacheWithinBounds_IsAccepted(int seconds)
    {
        Assert.True(_validator.Validate(null, Introspecting(i => i.CacheDuration = TimeSpan.FromSeconds(seconds))).Succeeded);
    }

    [Fact]
    public void IntrospectionMode_PlainHttpRemoteEndpoint_IsRefused()
    {
        var result = _validator.Validate(null, Introspecting(i => i.Endpoint = "http://id.example.com/connect/introspect"));

        Assert.True(result.Failed);
        Assert.Contains("Resources:Introspection:Endpoint", result.FailureMessage);
    }
}
