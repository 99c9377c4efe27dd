using System.Net;
using System.Net.Http.Json;
using Resources.Items;

namespace Resources.Tests.Infrastructure;

/// <summary>Arrange-steps for tests that need items to exist.</summary>
public static class ItemsApi
{
    public static async Task<ItemResponse> CreateAsync(HttpClient client, string token, string name)
    {
        var response = await client.PostJsonWithTokenAsync("/items", token, new { name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var item = await response.Content.ReadFromJsonAsync<ItemResponse>();
        return Assert.IsType<ItemResponse>(item);
    }

    /// <summary>Every item, following the keyset pages to the end.</summary>
    public static async Task<List<ItemResponse>> ListAllAsync(HttpClient client, string token)
    {
        var all = new List<ItemResponse>();
        long after = 0;
        while (true)
        {
            var response = await client.GetWithTokenAsync($"/items?after={after}", token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.Content.ReadFromJsonAsync<ItemResponse[]>() ?? [];
            all.AddRange(page);
            if (page.Length < ItemsEndpoints.MaxPageSize)
            {
                return all;
            }

            after = page[^1].Id;
        }
    }
}
