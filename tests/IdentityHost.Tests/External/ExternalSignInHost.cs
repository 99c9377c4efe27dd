using IdentityHost.Accounts;
using IdentityHost.Tests.Infrastructure;
using IdentityHost.Tests.Infrastructure.StandIns;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityHost.Tests.External;

/// <summary>IdentityHost with its GitHub and Google settings pointed at stand-in providers on 127.0.0.1, and a
/// confidential code-flow client (<see cref="ExternalCodeFlow.Client"/>).</summary>
public class ExternalSignInHost : IdentityHostFactory
{
    public ExternalSignInHost() : this(configure: null)
    {
    }

    /// <summary>A host with settings of its own: <paramref name="configure"/> runs last; either provider can be left
    /// unconfigured (its stand-in still runs).</summary>
    public static ExternalSignInHost With(Action<Dictionary<string, string?>>? configure, bool gitHub = true, bool google = true) =>
        new(configure, gitHub, google);

    private ExternalSignInHost(Action<Dictionary<string, string?>>? configure, bool gitHub = true, bool google = true)
    {
        IdentityHostFactory.AddClient(Settings, 40, ExternalCodeFlow.Client, "confidential", ExternalCodeFlow.ClientSecret,
            ["authorization_code", "refresh_token"], ["openid", "profile", "email", "roles", "offline_access", "read:items"]);
        Settings["Clients:40:RedirectUris:0"] = ExternalCodeFlow.Redirect;
        Settings["Clients:40:ConsentType"] = "implicit";
        this.WithoutFailureBudgets();
        if (gitHub) GitHub.Configure(Settings);
        if (google) Google.Configure(Settings);
        configure?.Invoke(Settings);
    }

    public GitHubStandIn GitHub { get; } = new();
    public GoogleStandIn Google { get; } = new();

    /// <summary>The local user a provider login is linked to, or null.</summary>
    public async Task<ApplicationUser?> FindByLoginAsync(string provider, string key)
    {
        using var scope = Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByLoginAsync(provider, key);
    }

    /// <summary>Reads what <paramref name="read"/> says about a user, through Identity, in its own scope.</summary>
    public async Task<T> ReadUserAsync<T>(string userId, Func<UserManager<ApplicationUser>, ApplicationUser, Task<T>> read)
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByIdAsync(userId) ?? throw new InvalidOperationException($"no user {userId}");
        return await read(users, user);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            GitHub.Dispose();
            Google.Dispose();
        }
    }
}
