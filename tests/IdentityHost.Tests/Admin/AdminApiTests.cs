using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using IdentityHost.Admin;
using IdentityHost.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using static IdentityHost.Tests.Infrastructure.TokenRequests;

namespace IdentityHost.Tests.Admin;

/// <summary>
/// <c>/admin/api</c>: the admin actions for a bearer token granted the <c>admin</c> scope whose user has the
/// <c>admin</c> role, with RFC 6750 §3.1 errors otherwise; the same audit records as the pages.
/// </summary>
public sealed class AdminApiTests(IdentityHostFactory factory) : IClassFixture<IdentityHostFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    private async Task<(string Token, string AdminId)> AdminTokenAsync(string scope = "admin offline_access")
    {
        var name = AdminPages.NewName("admin");
        var admin = await factory.CreateUserAsync(name, roles: [AdminPages.AdminRole]);
        var result = await _http.PasswordAsync(name, scope: scope);
        Assert.Equal(200, result.Status);
        return (result.AccessToken!, admin.Id);
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = JsonContent.Create(body);
        return _http.SendAsync(request);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private static string Challenge(HttpResponseMessage response) => response.Headers.WwwAuthenticate.ToString();

    private Task<TokenResult> ClientCredentialsAsync(string clientId, string secret) =>
        _http.PostTokenAsync(Form(("grant_type", "client_credentials"), ("scope", "read:items")), basic: (clientId, secret));

    // --- who may call ---

    [Fact]
    public async Task NoToken_Is401WithABareBearerChallenge()
    {
        var response = await SendAsync(HttpMethod.Get, "/admin/api/users", token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Challenge(response)); // RFC 6750 §3.1: no error code without a token
    }

    [Fact]
    public async Task BrowserSessionOfAnAdmin_IsNotEnough()
    {
        var (browser, _) = await AdminPages.SignInAdminAsync(factory);

        var response = await browser.GetAsync("/admin/api/users");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode); // cookies never authorize the API (no CSRF)
    }

    [Fact]
    public async Task GarbageToken_Is401InvalidToken()
    {
        var response = await SendAsync(HttpMethod.Get, "/admin/api/users", "not.a.jwt");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("error=\"invalid_token\"", Challenge(response));
    }

    [Fact]
    public async Task TokenForTheResourceApiOnly_Is401InvalidToken()
    {
        // read:items alone is addressed to "resources", not to this server (RFC 9068 §4 audience check).
        var (token, _) = await AdminTokenAsync("read:items");

        var response = await SendAsync(HttpMethod.Get, "/admin/api/users", token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("error=\"invalid_token\"", Challenge(response));
    }

    [Fact]
    public async Task AdminsTokenWithoutTheAdminScope_Is403InsufficientScope()
    {
        var (token, _) = await AdminTokenAsync("openid read:items");

        var response = await SendAsync(HttpMethod.Get, "/admin/api/users", token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("error=\"insufficient_scope\"", Challenge(response));
        Assert.Contains("scope=\"admin\"", Challenge(response));
        Assert.Equal("insufficient_scope", (await JsonAsync(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task AdminScopeWithoutTheAdminRole_Is403InsufficientScope()
    {
        var name = AdminPages.NewName();
        await factory.CreateUserAsync(name, roles: ["auditor"]);
        var token = (await _http.PasswordAsync(name, scope: "admin")).AccessToken!;

        var response = await SendAsync(HttpMethod.Get, "/admin/api/users", token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("error=\"insufficient_scope\"", Challenge(response));
    }

    [Fact]
    public async Task ClientsOwnTokenWithTheAdminScope_Is403()
    {
        var token = (await _http.PostTokenAsync(Form(("grant_type", "client_credentials"), ("scope", "admin")),
            basic: ("service", IdentityHostFactory.ServiceSecret))).AccessToken!;

        var response = await SendAsync(HttpMethod.Get, "/admin/api/users", token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode); // no user, so no admin behind it
        Assert.Contains("error=\"insufficient_scope\"", Challenge(response));
    }

    [Fact]
    public async Task AdminScopeAndRole_Is200()
    {
        var (token, adminId) = await AdminTokenAsync();

        var response = await SendAsync(HttpMethod.Get, "/admin/api/users?pageSize=200", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var body = await JsonAsync(response);
        Assert.Contains(body.GetProperty("items").EnumerateArray(), u => u.GetProperty("id").GetString() == adminId);
    }

    [Fact]
    public async Task AdminRoleRemovedAfterTheTokenWasIssued_Is403()
    {
        var (token, adminId) = await AdminTokenAsync();
        using (var scope = factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityHost.Accounts.ApplicationUser>>();
            Assert.True((await users.RemoveFromRoleAsync((await users.FindByIdAsync(adminId))!, AdminPages.AdminRole)).Succeeded);
        }

        var response = await SendAsync(HttpMethod.Get, "/admin/api/users", token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode); // the role is read from the store, not the token
    }

    [Fact]
    public async Task AdminScopedToken_IsForThisServerAndStillForTheResourceApi()
    {
        var (token, _) = await AdminTokenAsync("admin");

        var audiences = new JsonWebToken(token).Audiences.ToList();

        Assert.Contains("resources", audiences); // Resources requires its own audience (DELETE /items needs admin)
        Assert.Contains(IdentityHostFactory.Issuer, audiences); // and the admin API here requires ours
    }

    // --- users ---

    [Fact]
    public async Task LockUnlockAndSignOutEverywhere_WorkAndAreAuditedAsApiCalls()
    {
        var (token, adminId) = await AdminTokenAsync();
        var target = await factory.CreateUserAsync(AdminPages.NewName());
        var refresh = (await _http.PasswordAsync(target.UserName!)).RefreshToken!;

        var locked = await SendAsync(HttpMethod.Post, $"/admin/api/users/{target.Id}/lock", token);
        var lockedSignIn = await _http.PasswordAsync(target.UserName!);
        var unlocked = await SendAsync(HttpMethod.Post, $"/admin/api/users/{target.Id}/unlock", token);
        var secondRefresh = (await _http.PasswordAsync(target.UserName!)).RefreshToken!;
        var signedOut = await SendAsync(HttpMethod.Post, $"/admin/api/users/{target.Id}/sign-out-everywhere", token);

        Assert.Equal(HttpStatusCode.NoContent, locked.StatusCode);
        Assert.Equal("invalid_grant", lockedSignIn.Error);
        Assert.Equal("invalid_grant", (await _http.RefreshAsync(refresh)).Error);
        Assert.Equal(HttpStatusCode.NoContent, unlocked.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, signedOut.StatusCode);
        Assert.Equal("invalid_grant", (await _http.RefreshAsync(secondRefresh)).Error);
        foreach (var action in new[] { AuditActions.UserLocked, AuditActions.UserUnlocked, AuditActions.UserSignedOutEverywhere })
        {
            var audit = await AdminPages.SingleAuditEventAsync(factory, action, target.Id);
            Assert.Equal(adminId, audit.Actor);
            Assert.Contains("admin API, client public-app", audit.Details);
        }
    }

    [Fact]
    public async Task Delete_RemovesTheUserAndIsAudited()
    {
        var (token, adminId) = await AdminTokenAsync();
        var target = await factory.CreateUserAsync(AdminPages.NewName());

        var response = await SendAsync(HttpMethod.Delete, $"/admin/api/users/{target.Id}", token);
        var again = await SendAsync(HttpMethod.Delete, $"/admin/api/users/{target.Id}", token);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("invalid_grant", (await _http.PasswordAsync(target.UserName!)).Error);
        Assert.Equal(adminId, (await AdminPages.SingleAuditEventAsync(factory, AuditActions.UserDeleted, target.Id)).Actor);
    }

    [Fact]
    public async Task LockingOrDeletingYourself_Is409()
    {
        var (token, adminId) = await AdminTokenAsync();

        var locked = await SendAsync(HttpMethod.Post, $"/admin/api/users/{adminId}/lock", token);
        var deleted = await SendAsync(HttpMethod.Delete, $"/admin/api/users/{adminId}", token);

        Assert.Equal(HttpStatusCode.Conflict, locked.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/admin/api/users", token)).StatusCode);
    }

    [Fact]
    public async Task UnknownUser_Is404()
    {
        var (token, _) = await AdminTokenAsync();

        var response = await SendAsync(HttpMethod.Post, "/admin/api/users/no-such-user/lock", token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    // --- clients ---

    [Fact]
    public async Task AddConfidentialClient_ReturnsItsSecretOnceAndIsAudited()
    {
        var (token, adminId) = await AdminTokenAsync();
        var clientId = AdminPages.NewName("api-worker-");

        var response = await SendAsync(HttpMethod.Post, "/admin/api/clients", token, new
        {
            clientId, type = "confidential", grantTypes = new[] { "client_credentials" }, scopes = new[] { "read:items" },
        });
        var body = await JsonAsync(response);
        var secret = body.GetProperty("clientSecret").GetString()!;
        var fetched = await JsonAsync(await SendAsync(HttpMethod.Get, $"/admin/api/clients/{clientId}", token));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/admin/api/clients/{clientId}", response.Headers.Location!.OriginalString);
        Assert.Equal(200, (await ClientCredentialsAsync(clientId, secret)).Status);
        Assert.True(fetched.GetProperty("hasSecret").GetBoolean());
        Assert.False(fetched.TryGetProperty("clientSecret", out _));
        Assert.DoesNotContain(secret, fetched.GetRawText());
        Assert.Equal(adminId, (await AdminPages.SingleAuditEventAsync(factory, AuditActions.ClientAdded, clientId)).Actor);
    }

    [Fact]
    public async Task AddClient_BreakingARule_Is400WithTheProblemsAndSavesNothing()
    {
        var (token, _) = await AdminTokenAsync();
        var clientId = AdminPages.NewName("api-bad-");

        var response = await SendAsync(HttpMethod.Post, "/admin/api/clients", token, new
        {
            clientId, type = "public", grantTypes = new[] { "authorization_code" }, redirectUris = new[] { "http://evil.example/cb" },
        });
        var body = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = Assert.Single(body.GetProperty("errors").GetProperty("client").EnumerateArray());
        Assert.Contains("http://evil.example/cb", problem.GetString());
        Assert.Null(await AdminPages.StoredClientAsync(factory, clientId));
    }

    [Fact]
    public async Task UpdateClient_ChangesOnlyWhatIsSentUnderTheSameRules()
    {
        var (token, adminId) = await AdminTokenAsync();
        var clientId = AdminPages.NewName("api-edit-");
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Post, "/admin/api/clients", token, new
        {
            clientId, grantTypes = new[] { "authorization_code" }, scopes = new[] { "openid" }, redirectUris = new[] { "https://a.example/cb" },
        })).StatusCode);

        var bad = await SendAsync(HttpMethod.Patch, $"/admin/api/clients/{clientId}", token, new { redirectUris = new[] { "javascript:alert(1)" } });
        var typeChange = await SendAsync(HttpMethod.Patch, $"/admin/api/clients/{clientId}", token, new { type = "confidential" });
        var good = await SendAsync(HttpMethod.Patch, $"/admin/api/clients/{clientId}", token, new { redirectUris = new[] { "https://b.example/cb" } });

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, typeChange.StatusCode);
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        var stored = await AdminPages.StoredClientAsync(factory, clientId);
        Assert.Equal(["https://b.example/cb"], stored!.RedirectUris);
        Assert.Equal(["openid"], stored.Scopes); // left out, so kept
        Assert.Equal("public", stored.Type);
        var audit = await AdminPages.SingleAuditEventAsync(factory, AuditActions.ClientUpdated, clientId); // one: the refused edits left none
        Assert.Equal(adminId, audit.Actor);
    }

    [Fact]
    public async Task RotateSecret_NewWorksOldFails()
    {
        var (token, adminId) = await AdminTokenAsync();
        var clientId = AdminPages.NewName("api-rotate-");
        var created = await JsonAsync(await SendAsync(HttpMethod.Post, "/admin/api/clients", token, new
        {
            clientId, type = "confidential", grantTypes = new[] { "client_credentials" }, scopes = new[] { "read:items" },
        }));
        var oldSecret = created.GetProperty("clientSecret").GetString()!;

        var response = await SendAsync(HttpMethod.Post, $"/admin/api/clients/{clientId}/secret", token);
        var newSecret = (await JsonAsync(response)).GetProperty("clientSecret").GetString()!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(200, (await ClientCredentialsAsync(clientId, newSecret)).Status);
        Assert.Equal("invalid_client", (await ClientCredentialsAsync(clientId, oldSecret)).Error);
        Assert.Equal(adminId, (await AdminPages.SingleAuditEventAsync(factory, AuditActions.ClientSecretRotated, clientId)).Actor);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Post, "/admin/api/clients/public-app/secret", token)).StatusCode);
    }

    [Fact]
    public async Task RemoveClient_Is204ThenGone()
    {
        var (token, adminId) = await AdminTokenAsync();
        var clientId = AdminPages.NewName("api-remove-");
        await SendAsync(HttpMethod.Post, "/admin/api/clients", token, new { clientId, grantTypes = new[] { "password" }, scopes = new[] { "read:items" } });

        var removed = await SendAsync(HttpMethod.Delete, $"/admin/api/clients/{clientId}", token);

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, $"/admin/api/clients/{clientId}", token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Delete, $"/admin/api/clients/{clientId}", token)).StatusCode);
        Assert.Equal(adminId, (await AdminPages.SingleAuditEventAsync(factory, AuditActions.ClientRemoved, clientId)).Actor);
    }

    [Fact]
    public async Task ListClients_ShowsConfiguredClientsWithoutSecrets()
    {
        var (token, _) = await AdminTokenAsync();

        var body = await JsonAsync(await SendAsync(HttpMethod.Get, "/admin/api/clients", token));

        var confidential = Assert.Single(body.EnumerateArray(), c => c.GetProperty("clientId").GetString() == "confidential-app");
        Assert.True(confidential.GetProperty("inConfiguration").GetBoolean());
        Assert.DoesNotContain("pbkdf2", body.GetRawText());
    }

    // --- authorizations and audit ---

    [Fact]
    public async Task ListAndRevokeAuthorizations()
    {
        var (token, adminId) = await AdminTokenAsync();
        var user = await factory.CreateUserAsync(AdminPages.NewName());
        var refresh = (await _http.PasswordAsync(user.UserName!)).RefreshToken!;

        var list = await JsonAsync(await SendAsync(HttpMethod.Get, $"/admin/api/authorizations?userId={user.Id}", token));
        var item = Assert.Single(list.GetProperty("items").EnumerateArray());
        var id = item.GetProperty("id").GetString()!;
        var revoked = await SendAsync(HttpMethod.Post, $"/admin/api/authorizations/{id}/revoke", token);
        var again = await SendAsync(HttpMethod.Post, $"/admin/api/authorizations/{id}/revoke", token);
        var after = await JsonAsync(await SendAsync(HttpMethod.Get, $"/admin/api/authorizations?userId={user.Id}", token));

        Assert.Equal("public-app", item.GetProperty("clientId").GetString());
        Assert.Equal(user.UserName, item.GetProperty("userName").GetString());
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Empty(after.GetProperty("items").EnumerateArray());
        Assert.Equal("invalid_grant", (await _http.RefreshAsync(refresh)).Error);
        Assert.Equal(adminId, (await AdminPages.SingleAuditEventAsync(factory, AuditActions.AuthorizationRevoked, id)).Actor);
    }

    [Fact]
    public async Task Audit_ListsEventsLatestFirst()
    {
        var (token, adminId) = await AdminTokenAsync();
        var target = await factory.CreateUserAsync(AdminPages.NewName());
        await SendAsync(HttpMethod.Post, $"/admin/api/users/{target.Id}/lock", token);
        await SendAsync(HttpMethod.Post, $"/admin/api/users/{target.Id}/unlock", token);

        var body = await JsonAsync(await SendAsync(HttpMethod.Get, "/admin/api/audit?pageSize=2", token));

        var events = body.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, events.Count);
        Assert.Equal(AuditActions.UserUnlocked, events[0].GetProperty("action").GetString());
        Assert.Equal(AuditActions.UserLocked, events[1].GetProperty("action").GetString());
        Assert.All(events, e => Assert.Equal(adminId, e.GetProperty("actor").GetString()));
        Assert.True(body.GetProperty("total").GetInt32() >= 2);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheAdminApiWithItsBearerScheme()
    {
        var document = await _http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        var paths = document.GetProperty("paths");
        foreach (var (path, method) in new[]
                 {
                     ("/admin/api/users", "get"), ("/admin/api/users/{id}/lock", "post"), ("/admin/api/users/{id}", "delete"),
                     ("/admin/api/clients", "post"), ("/admin/api/clients/{clientId}", "patch"), ("/admin/api/clients/{clientId}/secret", "post"),
                     ("/admin/api/authorizations/{id}/revoke", "post"), ("/admin/api/audit", "get"),
                 })
        {
            var operation = paths.GetProperty(path).GetProperty(method);
            Assert.Contains(operation.GetProperty("tags").EnumerateArray(), t => t.GetString() == "Admin");
            var requirement = Assert.Single(operation.GetProperty("security").EnumerateArray());
            Assert.Equal(["admin"], requirement.GetProperty("Bearer").EnumerateArray().Select(s => s.GetString()));
        }
        var lockResponses = paths.GetProperty("/admin/api/users/{id}/lock").GetProperty("post").GetProperty("responses");
        Assert.True(lockResponses.GetProperty("401").GetProperty("content").TryGetProperty("application/json", out _)); // RFC 6750 JSON, not problem+json
        Assert.True(lockResponses.TryGetProperty("409", out _));
        var tag = Assert.Single(document.GetProperty("tags").EnumerateArray(), t => t.GetProperty("name").GetString() == "Admin");
        Assert.False(string.IsNullOrEmpty(tag.GetProperty("description").GetString()));
        // The protocol endpoints stay unsecured in the document.
        Assert.False(paths.GetProperty("/.well-known/jwks").GetProperty("get").TryGetProperty("security", out _));
    }
}
