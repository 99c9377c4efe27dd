using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Resources.Authorization;
using Resources.Items;
using Resources.Tests.Infrastructure;

namespace Resources.Tests.Items;

/// <summary><c>/items</c>: validation, persistence, paging and deletion.</summary>
public sealed class ItemsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string ProblemJson = "application/problem+json";

    private string ReadToken => api.Issuer.CreateAccessToken(Scopes.ReadItems);

    private string WriteToken => api.Issuer.CreateAccessToken(Scopes.WriteItems);

    private string AdminToken => api.Issuer.CreateAccessToken(Scopes.Admin);

    [Fact]
    public async Task PostItems_ValidName_Returns201WithTheItemAndItsLocation()
    {
        var response = await api.Client.PostJsonWithTokenAsync("/items", WriteToken, new { name = "notebook" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var item = Assert.IsType<ItemResponse>(await response.Content.ReadFromJsonAsync<ItemResponse>());
        Assert.Equal("notebook", item.Name);
        Assert.Equal("alice", item.CreatedBy);
        Assert.True(item.Id > 0);
        Assert.Equal($"/items/{item.Id}", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task PostItems_NameWithSurroundingWhitespace_IsStoredTrimmed()
    {
        var created = await ItemsApi.CreateAsync(api.Client, WriteToken, "  \t eraser \n ");

        Assert.Equal("eraser", created.Name);
        var stored = await ItemsApi.ListAllAsync(api.Client, ReadToken);
        Assert.Equal("eraser", Assert.Single(stored, item => item.Id == created.Id).Name);
    }

    [Fact]
    public async Task PostItems_NameOf200CharactersAfterTrimming_Returns201()
    {
        var name = new string('x', ItemName.MaxLength);

        var response = await api.Client.PostJsonWithTokenAsync("/items", WriteToken, new { name = $"  {name}  " });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"name\":null}")]
    [InlineData("{\"name\":\"\"}")]
    [InlineData("{\"name\":\"   \"}")]
    [InlineData("{\"title\":\"wrong field\"}")]
    public async Task PostItems_MissingOrBlankName_Returns400ProblemNamingTheField(string json)
    {
        var response = await api.Client.PostRawJsonWithTokenAsync("/items", WriteToken, json);

        await AssertValidationProblemAsync(response, "name");
    }

    [Fact]
    public async Task PostItems_NameOf201Characters_Returns400ProblemNamingTheField()
    {
        var response = await api.Client.PostJsonWithTokenAsync(
            "/items", WriteToken, new { name = new string('x', ItemName.MaxLength + 1) });

        await AssertValidationProblemAsync(response, "name");
    }

    [Theory]
    [InlineData("{\"name\":")]
    [InlineData("{name: 'unquoted'}")]
    [InlineData("not json at all")]
    [InlineData("{\"name\":5}")]
    [InlineData("[\"name\"]")]
    public async Task PostItems_MalformedJson_Returns400Problem(string json)
    {
        var response = await api.Client.PostRawJsonWithTokenAsync("/items", WriteToken, json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ProblemJson, response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task PostItems_RejectedRequest_StoresNothing()
    {
        var before = await ItemsApi.ListAllAsync(api.Client, ReadToken);

        await api.Client.PostRawJsonWithTokenAsync("/items", WriteToken, "{\"name\":\"  \"}");
        await api.Client.PostRawJsonWithTokenAsync("/items", WriteToken, "{\"name\":");

        var after = await ItemsApi.ListAllAsync(api.Client, ReadToken);
        Assert.Equal(before.Select(item => item.Id), after.Select(item => item.Id));
    }

    [Fact]
    public async Task Items_CreatedInOneRequest_AreListedByTheNext()
    {
        var created = await ItemsApi.CreateAsync(api.Client, WriteToken, "stapler");

        var listed = await ItemsApi.ListAllAsync(api.Client, ReadToken);

        var item = Assert.Single(listed, item => item.Id == created.Id);
        Assert.Equal(created, item);
    }

    [Fact]
    public async Task Items_SurviveARestartOfTheHost()
    {
        var created = await ItemsApi.CreateAsync(api.Client, WriteToken, "survivor");

        await using var restarted = api.CreateFactory();
        var listed = await ItemsApi.ListAllAsync(restarted.CreateClient(), ReadToken);

        Assert.Contains(listed, item => item.Id == created.Id && item.Name == "survivor");
    }

    [Fact]
    public async Task PostItems_ManyConcurrentWriters_AllSucceed()
    {
        // DESIGN.md §6: "database is locked" reaching a client is a bug; WAL and the busy timeout absorb contention.
        var token = WriteToken;

        var responses = await Task.WhenAll(Enumerable.Range(0, 32).Select(
            i => api.Client.PostJsonWithTokenAsync("/items", token, new { name = $"concurrent-{i}" })));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.Created, response.StatusCode));
        var listed = await ItemsApi.ListAllAsync(api.Client, ReadToken);
        Assert.Equal(32, listed.Count(item => item.Name.StartsWith("concurrent-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task GetItems_LimitAndAfter_PageInIdOrder()
    {
        var first = await ItemsApi.CreateAsync(api.Client, WriteToken, "page-1");
        var second = await ItemsApi.CreateAsync(api.Client, WriteToken, "page-2");
        var third = await ItemsApi.CreateAsync(api.Client, WriteToken, "page-3");

        var response = await api.Client.GetWithTokenAsync($"/items?after={first.Id}&limit=2", ReadToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<ItemResponse[]>();
        Assert.Equal([second.Id, third.Id], page!.Select(item => item.Id));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(ItemsEndpoints.MaxPageSize + 1)]
    public async Task GetItems_LimitOutOfRange_Returns400ProblemNamingTheField(int limit)
    {
        var response = await api.Client.GetWithTokenAsync($"/items?limit={limit}", ReadToken);

        await AssertValidationProblemAsync(response, "limit");
    }

    [Fact]
    public async Task DeleteItem_ExistingItem_Returns204AndTheItemIsGone()
    {
        var created = await ItemsApi.CreateAsync(api.Client, WriteToken, "doomed");

        var response = await api.Client.DeleteWithTokenAsync($"/items/{created.Id}", AdminToken);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var listed = await ItemsApi.ListAllAsync(api.Client, ReadToken);
        Assert.DoesNotContain(listed, item => item.Id == created.Id);
    }

    [Fact]
    public async Task DeleteItem_UnknownId_Returns404Problem()
    {
        var response = await api.Client.DeleteWithTokenAsync($"/items/{long.MaxValue}", AdminToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(ProblemJson, response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(404, problem.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task DeleteItem_SameItemTwice_SecondReturns404()
    {
        var created = await ItemsApi.CreateAsync(api.Client, WriteToken, "once");

        var first = await api.Client.DeleteWithTokenAsync($"/items/{created.Id}", AdminToken);
        var second = await api.Client.DeleteWithTokenAsync($"/items/{created.Id}", AdminToken);

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, second.StatusCode);
    }

    private static async Task AssertValidationProblemAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ProblemJson, response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out var messages), $"no error for '{field}'");
        Assert.NotEmpty(messages.EnumerateArray());
    }
}
