using System.Net;
using IdentityHost.Hosting;
using IdentityHost.Tests.Infrastructure;

namespace IdentityHost.Tests.Bench;

/// <summary><c>IdentityHost:BenchmarkRoutes</c>: <c>GET /bench/hello</c> exists only when asked for.</summary>
public sealed class BenchmarkRoutesTests
{
    [Fact]
    public async Task Hello_ByDefault_Is404()
    {
        using var factory = new IdentityHostFactory();

        var response = await factory.CreateClient().GetAsync(BenchmarkRoutes.HelloPath);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("false")]
    [InlineData("")]
    [InlineData("yes")]
    public async Task Hello_WhenNotTrue_Is404(string value)
    {
        using var factory = new IdentityHostFactory();
        factory.Settings[BenchmarkRoutes.SettingKey] = value;

        var response = await factory.CreateClient().GetAsync(BenchmarkRoutes.HelloPath);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Hello_WhenEnabled_SaysHelloInPlainText()
    {
        using var factory = new IdentityHostFactory();
        factory.Settings[BenchmarkRoutes.SettingKey] = "true";

        var response = await factory.CreateClient().GetAsync(BenchmarkRoutes.HelloPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("Hello World!", await response.Content.ReadAsStringAsync());
    }
}
