using System.Text.Json;
using IdentityHost.Tests.Infrastructure;
using IdentityHost.Tests.Infrastructure.StandIns;
using static IdentityHost.Tests.External.ExternalCodeFlow;

namespace IdentityHost.Tests.External;

/// <summary>
/// Tokens after an external sign-in look like those after a password sign-in — issued by IdentityHost, <c>sub</c> the
/// local user id — and say how the user signed in: <c>amr</c> (an array, OIDC Core §2) and <c>idp</c>, in the
/// id_token and the access token, kept across refreshes.
/// </summary>
public sealed class ExternalSignInTokenTests(ExternalSignInHost host) : IClassFixture<ExternalSignInHost>
{
    private static long _nextId = 9_000_000;

    private static long NewId() => Interlocked.Increment(ref _nextId);

    private static string[] Amr(JsonElement payload) =>
        payload.GetProperty("amr").EnumerateArray().Select(e => e.GetString()!).ToArray();

    private static string? Idp(JsonElement payload) =>
        payload.TryGetProperty("idp", out var idp) ? idp.GetString() : null;

    [Fact]
    public async Task CodeFlow_AfterGitHubSignIn_TokensHaveLocalSub_AmrFed_IdpGitHub()
    {
        var account = GitHubAccount.With(NewId(), $"tok-{NewId()}", $"tok{NewId()}@example.com");

        var tokens = await RunAsync(host, host.CreateBrowser(), host.GitHub, host.GitHub.Put(account));

        var user = await host.FindByLoginAsync("github", account.Id.ToString());
        Assert.NotNull(user);
        var id = Payload(IdToken(tokens)!);
        var access = Payload(tokens.AccessToken!);
        Assert.Equal(user.Id, id.GetProperty("sub").GetString());
        Assert.Equal(user.Id, access.GetProperty("sub").GetString());
        Assert.NotEqual(account.Id.ToString(), id.GetProperty("sub").GetString());
        Assert.Equal(IdentityHostFactory.Issuer, id.GetProperty("iss").GetString());
        Assert.Equal(Nonce, id.GetProperty("nonce").GetString());
        Assert.Equal(JsonValueKind.Array, id.GetProperty("amr").ValueKind);
        Assert.Equal(["fed"], Amr(id));
        Assert.Equal("github", Idp(id));
        Assert.Equal(["fed"], Amr(access));
        Assert.Equal("github", Idp(access));
        Assert.Equal(account.Login, id.GetProperty("preferred_username").GetString());
    }

    [Fact]
    public async Task CodeFlow_AfterGoogleSignIn_IdpGoogle()
    {
        var google = new GoogleAccount($"sub-{NewId()}", $"tok{NewId()}@gmail.example", true, "Tok");

        var tokens = await RunAsync(host, host.CreateBrowser(), host.Google, host.Google.Put(google));

        var id = Payload(IdToken(tokens)!);
        Assert.Equal((await host.FindByLoginAsync("google", google.Sub))!.Id, id.GetProperty("sub").GetString());
        Assert.Equal(["fed"], Amr(id));
        Assert.Equal("google", Idp(id));
        Assert.Equal(0, host.Google.RefusedTokenRequests); // the PKCE verifier matched the challenge
    }

    [Fact]
    public async Task Refresh_KeepsAmrAndIdp()
    {
        var account = GitHubAccount.With(NewId(), $"tok-{NewId()}", null);
        var tokens = await RunAsync(host, host.CreateBrowser(), host.GitHub, host.GitHub.Put(account));
        Assert.NotNull(tokens.RefreshToken);

        var refreshed = await host.CreateClient().PostTokenAsync(TokenRequests.Form(("grant_type", "refresh_token"),
            ("refresh_token", tokens.RefreshToken), ("client_id", Client), ("client_secret", ClientSecret)));

        Assert.Equal(200, refreshed.Status);
        Assert.Equal(["fed"], Amr(Payload(IdToken(refreshed)!)));
        Assert.Equal("github", Idp(Payload(refreshed.AccessToken!)));
    }

    [Fact]
    public async Task CodeFlow_AfterPasswordSignIn_AmrPwd_NoIdp()
    {
        var user = await host.CreateUserAsync($"pw-{NewId()}");

        var tokens = await RunWithPasswordAsync(host, host.CreateBrowser(), user.UserName!);

        var id = Payload(IdToken(tokens)!);
        var access = Payload(tokens.AccessToken!);
        Assert.Equal(user.Id, id.GetProperty("sub").GetString());
        Assert.Equal(["pwd"], Amr(id));
        Assert.Equal(["pwd"], Amr(access));
        Assert.Null(Idp(id));
        Assert.Null(Idp(access));
    }

    [Fact]
    public async Task PasswordGrant_AmrPwd_NoIdp()
    {
        var user = await host.CreateUserAsync($"pg-{NewId()}");

        var tokens = await host.CreateClient().PasswordAsync(user.UserName!, scope: "openid read:items");

        Assert.Equal(200, tokens.Status);
        Assert.Equal(["pwd"], Amr(Payload(tokens.AccessToken!)));
        Assert.Equal(["pwd"], Amr(Payload(IdToken(tokens)!)));
        Assert.Null(Idp(Payload(tokens.AccessToken!)));
    }

    [Fact]
    public async Task ClientCredentials_NoAmr()
    {
        var tokens = await host.CreateClient().PostTokenAsync(TokenRequests.Form(("grant_type", "client_credentials"), ("scope", "read:items")),
            basic: ("service", IdentityHostFactory.ServiceSecret));

        Assert.Equal(200, tokens.Status);
        Assert.False(Payload(tokens.AccessToken!).TryGetProperty("amr", out _));
    }
}
