using System.Net;
using IdentityHost.Admin;
using IdentityHost.Tests.Infrastructure;
using static IdentityHost.Tests.Infrastructure.TokenRequests;

namespace IdentityHost.Tests.Admin;

/// <summary>
/// <c>/admin/clients</c>: add (a confidential client's generated secret shown once), edit under the same
/// registration rules as configuration, rotate a secret, remove — each audited, none ever recording a secret.
/// </summary>
public sealed class AdminClientsPageTests(IdentityHostFactory factory) : IClassFixture<IdentityHostFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    private static IEnumerable<(string Name, string Value)> ConfidentialWorker(string clientId) =>
    [
        ("ClientId", clientId), ("Type", "confidential"), ("DisplayName", "Worker " + clientId),
        ("GrantTypes", "client_credentials"), ("Scopes", "read:items"), ("ConsentType", "explicit"),
    ];

    private static Task<TokenResult> ClientCredentialsAsync(HttpClient http, string clientId, string secret) =>
        http.PostTokenAsync(Form(("grant_type", "client_credentials"), ("scope", "read:items")), basic: (clientId, secret));

    private static async Task<HttpResponseMessage> AddAsync(HttpClient admin, IEnumerable<(string Name, string Value)> fields)
    {
        var form = await AdminPages.FormAsync(admin, "/admin/clients/new", "/admin/clients/new");
        return await AdminPages.PostFieldsAsync(admin, form, fields.ToArray());
    }

    /// <summary>The secret a confidential registration or rotation shows once.</summary>
    private static string ShownSecret(string html)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html, """<code class="secret" id="client-secret">([^<]+)</code>""");
        Assert.True(match.Success, html);
        return match.Groups[1].Value;
    }

    [Fact]
    public async Task AddPublicClient_StoresTheRegistrationAndIsAudited()
    {
        var (admin, adminId) = await AdminPages.SignInAdminAsync(factory);
        var clientId = AdminPages.NewName("spa-");

        var response = await AddAsync(admin,
        [
            ("ClientId", clientId), ("Type", "public"), ("DisplayName", "Admin SPA"),
            ("RedirectUris", "https://spa.example/callback\r\nhttps://spa.example/silent"), ("PostLogoutRedirectUris", "https://spa.example/"),
            ("GrantTypes", "authorization_code"), ("GrantTypes", "refresh_token"),
            ("Scopes", "openid"), ("Scopes", "read:items"), ("ConsentType", "implicit"), ("RequirePkce", "true"),
        ]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin/clients", response.Headers.Location!.OriginalString);
        var stored = await AdminPages.StoredClientAsync(factory, clientId);
        Assert.NotNull(stored);
        Assert.Equal("public", stored.Type);
        Assert.Null(stored.SecretHash);
        Assert.Equal("Admin SPA", stored.DisplayName);
        Assert.Equal(["https://spa.example/callback", "https://spa.example/silent"], stored.RedirectUris);
        Assert.Equal(["https://spa.example/"], stored.PostLogoutRedirectUris);
        Assert.Equal(["authorization_code", "refresh_token"], stored.GrantTypes);
        Assert.Equal(["openid", "read:items"], stored.Scopes);
        Assert.Equal("implicit", stored.ConsentType);
        Assert.True(stored.RequirePkce);
        Assert.Equal(adminId, (await AdminPages.SingleAuditEventAsync(factory, AuditActions.ClientAdded, clientId)).Actor);
        Assert.Contains(clientId, await AdminPages.GetHtmlAsync(admin, "/admin/clients"));
    }

    [Fact]
    public async Task AddConfidentialClient_ShowsAGeneratedSecretOnceThatWorks()
    {
        var (admin, _) = await AdminPages.SignInAdminAsync(factory);
        var clientId = AdminPages.NewName("worker-");

        var response = await AddAsync(admin, ConfidentialWorker(clientId));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var secret = ShownSecret(html);
        Assert.True(secret.Length >= 43, secret); // 256 bits, base64url
        Assert.Equal(200, (await ClientCredentialsAsync(_http, clientId, secret)).Status);
        Assert.DoesNotContain(secret, await AdminPages.GetHtmlAsync(admin, "/admin/clients"));
        Assert.DoesNotContain(secret, await AdminPages.GetHtmlAsync(admin, $"/admin/clients/{clientId}/edit"));
        var audit = await AdminPages.SingleAuditEventAsync(factory, AuditActions.ClientAdded, clientId);
        Assert.DoesNotContain(secret, audit.Details);
    }

    [Fact]
    public async Task Add_BreakingARegistrationRule_ShowsTheProblemAndSavesNothing()
    {
        var (admin, _) = await AdminPages.SignInAdminAsync(factory);
        var clientId = AdminPages.NewName("bad-");

        // RFC 9700 §4.1: plain http only on loopback; client_credentials only for confidential clients.
        var response = await AddAsync(admin,
        [
            ("ClientId", clientId), ("Type", "public"), ("RedirectUris", "http://evil.example/callback"),
            ("GrantTypes", "authorization_code"), ("GrantTypes", "client_credentials"), ("Scopes", "openid"), ("ConsentType", "explicit"),
        ]);
        var html = System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("The client was not saved.", BrowserFlow.AlertText(html));
        Assert.Contains("http://evil.example/callback", html);
        Assert.Contains("client_credentials grant", html);
        Assert.Null(await AdminPages.StoredClientAsync(factory, clientId));
        Assert.DoesNotContain(await AdminPages.AuditEventsAsync(factory), e => e.Subject == clientId);
    }

    [Fact]
    public async Task Add_ExistingClientId_IsRefused()
    {
        var (admin, _) = await AdminPages.SignInAdminAsync(factory);

        var response = await AddAsync(admin, ConfidentialWorker("confidential-app"));
        var html = System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("client 'confidential-app' already exists", html);
        Assert.Equal(200, (await ClientCredentialsAsync(_http, "confidential-app", IdentityHostFactory.ConfidentialSecret)).Status);
    }

    [Fact]
    public async Task Edit_SavesTheNewSettingsAndAuditsWhatChanged()
    {
        var (admin, adminId) = await AdminPages.SignInAdminAsync(factory);
        var clientId = AdminPages.NewName("edit-");
        Assert.Equal(HttpStatusCode.OK, (await AddAsync(admin, ConfidentialWorker(clientId))).StatusCode);
        var editUrl = $"/admin/clients/{clientId}/edit";
        var form = await AdminPages.FormAsync(admin, editUrl, editUrl);

        var response = await AdminPages.PostFieldsAsync(admin, form,
            ("DisplayName", "Renamed"), ("RedirectUris", "https://worker.example/cb"), ("PostLogoutRedirectUris", "https://worker.example/bye"),
            ("GrantTypes", "authorization_code"), ("GrantTypes", "client_credentials"),
            ("Scopes", "openid"), ("Scopes", "write:items"), ("ConsentType", "implicit"), ("RequirePkce", "true"),
            ("Permissions", "introspection"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = await AdminPages.StoredClientAsync(factory, clientId);
        Assert.Equal("Renamed", stored!.DisplayName);
        Assert.Equal(["https://worker.example/cb"], stored.RedirectUris);
        Assert.Equal(["https://worker.example/bye"], stored.PostLogoutRedirectUris);
        Assert.Equal(["authorization_code", "client_credentials"], stored.GrantTypes);
        Assert.Equal(["openid", "write:items"], stored.Scopes);
        Assert.Equal("implicit", stored.ConsentType);
        Assert.True(stored.RequirePkce);
        Assert.Equal(["introspection"], stored.Permissions);
        Assert.Equal("confidential", stored.Type);
        Assert.NotNull(stored.SecretHash); // the secret is not touched by an edit
        var audit = await AdminPages.SingleAuditEventAsync(factory, AuditActions.ClientUpdated, clientId);
        Assert.Equal(adminId, audit.Actor);
        Assert.Contains("RedirectUris", audit.Details);
        Assert.Contains("Scopes", audit.Details);
        Assert.Contains("ConsentType", audit.Details);
    }

    [Fact]
    public async Task Edit_BadRedirectUri_ShowsTheErrorAndSavesNothing()
    {
        var (admin, _) = await AdminPages.SignInAdminAsync(factory);
        var clientId = AdminPages.NewName("edit-bad-");
        Assert.Equal(HttpStatusCode.Redirect, (await AddAsync(admin,
        [
            ("ClientId", clientId), ("Type", "public"), ("RedirectUris", "https://good.example/cb"),
            ("GrantTypes", "authorization_code"), ("Scopes", "openid"), ("ConsentType", "explicit"),
        ])).StatusCode);
        var editUrl = $"/admin/clients/{clientId}/edit";
        var form = await AdminPages.FormAsync(admin, editUrl, editUrl);

        var response = await AdminPages.PostFieldsAsync(admin, form,
            ("RedirectUris", "https://good.example/cb\nhttps://good.example/cb#fragment"),
            ("GrantTypes", "authorization_code"), ("Scopes", "openid"), ("Scopes", "profile"), ("ConsentType", "explicit"));
        var html = System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("The client was not saved.", BrowserFlow.AlertText(html));
        Assert.Contains("https://good.example/cb#fragment", html); // named in the problem, and kept in the form
        var stored = await AdminPages.StoredClientAsync(factory, clientId);
        Assert.Equal(["https://good.example/cb"], stored!.RedirectUris);
        Assert.Equal(["openid"], stored.Scopes); // the valid part of the edit was not saved either
        Assert.DoesNotContain(await AdminPages.AuditEventsAsync(factory), e => e.Action == AuditActions.ClientUpdated && e.Subject == clientId);
    }

    [Fact]
    public async Task RotateSecret_NewSecretWorksOldOneFailsAndIsAudited()
    {
        var (admin, adminId) = await AdminPages.SignInAdminAsync(factory);
        var clientId = AdminPages.NewName("rotate-");
        var oldSecret = ShownSecret(await (await AddAsync(admin, ConfidentialWorker(clientId))).Content.ReadAsStringAsync());
        var rotateUrl = $"/admin/clients/{clientId}/secret";
        var form = await AdminPages.FormAsync(admin, rotateUrl, rotateUrl);
        Assert.Equal(200, (await ClientCredentialsAsync(_http, clientId, oldSecret)).Status); // the GET changed nothing

        var response = await AdminPages.SubmitAsync(admin, form);
        var newSecret = ShownSecret(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(oldSecret, newSecret);
        Assert.Equal(200, (await ClientCredentialsAsync(_http, clientId, newSecret)).Status);
        var old = await ClientCredentialsAsync(_http, clientId, oldSecret);
        Assert.Equal(401, old.Status);
        Assert.Equal("invalid_client", old.Error);
        var audit = await AdminPages.SingleAuditEventAsync(factory, AuditActions.ClientSecretRotated, clientId);
        Assert.Equal(adminId, audit.Actor);
        Assert.DoesNotContain(newSecret, audit.Details);
    }

    [Fact]
    public async Task RotateSecret_OfAPublicClient_Is404()
    {
        var (admin, _) = await AdminPages.SignInAdminAsync(factory);

        var response = await admin.GetAsync("/admin/clients/public-app/secret");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Remove_DeletesTheClientAndItsTokensAndIsAudited()
    {
        var (admin, adminId) = await AdminPages.SignInAdminAsync(factory);
        var clientId = AdminPages.NewName("remove-");
        Assert.Equal(HttpStatusCode.Redirect, (await AddAsync(admin,
        [
            ("ClientId", clientId), ("Type", "public"), ("GrantTypes", "password"), ("GrantTypes", "refresh_token"),
            ("Scopes", "read:items"), ("Scopes", "offline_access"), ("ConsentType", "explicit"),
        ])).StatusCode);
        var user = await factory.CreateUserAsync(AdminPages.NewName());
        var refresh = (await _http.PasswordAsync(user.UserName!, clientId: clientId)).RefreshToken!;
        var removeUrl = $"/admin/clients/{clientId}/remove";
        var form = await AdminPages.FormAsync(admin, removeUrl, removeUrl);
        Assert.NotNull(await AdminPages.StoredClientAsync(factory, clientId)); // the GET removed nothing

        var response = await AdminPages.SubmitAsync(admin, form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Null(await AdminPages.StoredClientAsync(factory, clientId));
        Assert.Equal("invalid_client", (await _http.RefreshAsync(refresh, clientId)).Error);
        Assert.Equal(adminId, (await AdminPages.SingleAuditEventAsync(factory, AuditActions.ClientRemoved, clientId)).Actor);
    }
}
