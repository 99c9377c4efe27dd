using System.Net;
using System.Text.Json;
using Resources.Hosting;
using Resources.Tests.Infrastructure;

namespace Resources.Tests.Hosting;

/// <summary><c>Resources:BenchmarkRoutes</c>: the anonymous items route exists only when asked for.</summary>
public sealed class BenchmarkRoutesTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task AnonymousItems_ByDefault_IsNotThere()
    {
        var response = await api.Client.GetAsync(BenchmarkRoutes.AnonymousItemsPath);

        // No such endpoint: the fallback policy refuses the unauthenticated request before routing could 404.
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task AnonymousItems_WhenEnabled_ListsItemsWithoutAToken()
    {
        await using var factory = api.CreateIsolatedFactory(new Dictionary<string, string?> { [BenchmarkRoutes.SettingKey] = "true" });
        var client = factory.CreateClient();

        var response = await client.GetAsync(BenchmarkRoutes.AnonymousItemsPath + "?limit=5");
        var protectedList = await client.GetAsync("/items");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.ValueKind);
        Assert.Equal(HttpStatusCode.Unauthorized, protectedList.StatusCode); // only the benchmark route is anonymous
    }

    [Fact]
    public async Task AnonymousItems_WhenEnabled_KeepsTheHandlersValidation()
    {
        await using var factory = api.CreateIsolatedFactory(new Dictionary<string, string?> { [BenchmarkRoutes.SettingKey] = "true" });
        var client = factory.CreateClient();

        var response = await client.GetAsync(BenchmarkRoutes.AnonymousItemsPath + "?limit=0");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
