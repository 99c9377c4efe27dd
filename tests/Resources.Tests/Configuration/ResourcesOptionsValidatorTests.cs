using Resources.Configuration;

namespace Resources.Tests.Configuration;

/// <summary>Start-up refuses settings that would let a token be forged or its keys be swapped in transit.</summary>
public sealed class ResourcesOptionsValidatorTests
{
    private readonly ResourcesOptionsValidator _validator = new();

    [Theory]
    [InlineData("https://id.example.com")]
    [InlineData("https://id.example.com/tenant")]
    [InlineData("http://localhost:5000")]
    [InlineData("http://127.0.0.1:5000")]
    [InlineData("http://[::1]:5000")]
    public void Authority_HttpsOrLoopback_IsAccepted(string authority)
    {
        var result = _validator.Validate(null, new ResourcesOptions { Authority = authority });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("http://id.example.com")] // keys over plain http to a remote host
    [InlineData("id.example.com")] // not absolute
    [InlineData("/relative")]
    [InlineData("ftp://id.example.com")]
    [InlineData("https://id.example.com?tenant=a")] // RFC 8414 §2: no query
    [InlineData("https://id.example.com#top")] // no fragment
    [InlineData("")]
    [InlineData("   ")]
    public void Authority_Unsafe_IsRejectedNamingTheKey(string authority)
    {
        var result = _validator.Validate(null, new ResourcesOptions { Authority = authority });

        Assert.True(result.Failed);
        Assert.Contains("Resources:Authority", result.FailureMessage);
    }

    [Fact]
    public void MetadataAddress_PlainHttpToRemoteHost_IsRejectedNamingTheKey()
    {
        var result = _validator.Validate(null, new ResourcesOptions
        {
            Authority = "https://id.example.com",
            MetadataAddress = "http://id.example.com/.well-known/openid-configuration",
        });

        Assert.True(result.Failed);
        Assert.Contains("Resources:MetadataAddress", result.FailureMessage);
    }

    [Fact]
    public void MetadataAddress_Https_IsAccepted()
    {
        var result = _validator.Validate(null, new ResourcesOptions
        {
            Authority = "https://id.example.com",
            MetadataAddress = "https://internal.example.com/.well-known/openid-configuration",
        });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void Audience_Empty_IsRejectedNamingTheKey(string audience)
    {
        var result = _validator.Validate(null, new ResourcesOptions { Audience = audience });

        Assert.True(result.Failed);
        Assert.Contains("Resources:Audience", result.FailureMessage);
    }
}
