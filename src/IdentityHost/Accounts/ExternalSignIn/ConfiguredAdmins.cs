using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace IdentityHost.Accounts.ExternalSignIn;

/// <summary>
/// Applies <c>Admins</c> at each external sign-in: a listed user gets the <c>admin</c> role; a user who got it this
/// way and is no longer listed loses it. A role given by an operator (<c>users add --role admin</c>) is left alone —
/// configuration takes back only what it granted, which a marker claim on the account records.
/// </summary>
public sealed class ConfiguredAdmins(
    UserManager<ApplicationUser> users,
    RoleManager<IdentityRole> roles,
    IOptionsMonitor<AdminsOptions> options,
    ILogger<ConfiguredAdmins> logger)
{
    /// <summary>The one admin role (<see cref="Admin.AdminAccess.Role"/>), named here for this class's readers.</summary>
    public const string Role = Admin.AdminAccess.Role;
    /// <summary>User claim marking an admin role granted by configuration (never put into tokens).</summary>
    public const string GrantClaimType = "urn:identityhost:admin_granted_by";
    public const string GrantClaimValue = "configuration";

    /// <summary>
    /// Listed: one of the account's linked logins is in <c>Admins:Logins</c>, or the email the provider verified at
    /// this sign-in, or the account's confirmed email, is in <c>Admins:Emails</c>. Every linked login counts, so an
    /// admin listed by GitHub id stays admin when signing in with Google.
    /// </summary>
    public async Task<bool> IsListedAsync(ApplicationUser user, ExternalIdentity identity)
    {
        var settings = options.CurrentValue;
        var emails = new HashSet<string>(settings.Emails, StringComparer.OrdinalIgnoreCase);
        if ((identity.VerifiedEmail is { } verified && emails.Contains(verified))
            || (user is { EmailConfirmed: true, Email: { } confirmed } && emails.Contains(confirmed)))
        {
            return true;
        }
        var logins = new HashSet<string>(settings.Logins.Select(Normalize), StringComparer.Ordinal);
        if (logins.Contains(identity.LoginId))
        {
            return true;
        }
        return (await users.GetLoginsAsync(user)).Any(l => logins.Contains($"{l.LoginProvider}:{l.ProviderKey}"));
    }

    public async Task ApplyAsync(ApplicationUser user, ExternalIdentity identity)
    {
        var listed = await IsListedAsync(user, identity);
        var isAdmin = await users.IsInRoleAsync(user, Role);
        var marker = (await users.GetClaimsAsync(user)).FirstOrDefault(c => c.Type == GrantClaimType);

        if (listed && !isAdmin)
        {
            await EnsureRoleExistsAsync();
            Check(await users.AddToRoleAsync(user, Role));
            if (marker is null) Check(await users.AddClaimAsync(user, new Claim(GrantClaimType, GrantClaimValue)));
            ExternalSignInLog.AdminGranted(logger, user.Id);
        }
        else if (!listed && marker is not null)
        {
            if (isAdmin)
            {
                Check(await users.RemoveFromRoleAsync(user, Role));
                ExternalSignInLog.AdminRevoked(logger, user.Id);
            }
            Check(await users.RemoveClaimAsync(user, marker));
        }
    }

    /// <summary>The provider part is case-insensitive (<c>GitHub:1</c> works); the id is compared exactly.</summary>
    private static string Normalize(string login)
    {
        var separator = login.IndexOf(':');
        return separator < 0 ? login : login[..separator].ToLowerInvariant() + login[separator..];
    }

    private async Task EnsureRoleExistsAsync()
    {
        if (await roles.RoleExistsAsync(Role)) return;
        var created = await roles.CreateAsync(new IdentityRole(Role));
        // A concurrent sign-in may have created it first; only a role that still does not exist is a failure.
        if (!created.Succeeded && !await roles.RoleExistsAsync(Role)) Check(created);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Applying the Admins configuration failed: " + string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
