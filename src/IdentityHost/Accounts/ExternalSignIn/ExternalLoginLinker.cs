using IdentityHost.Admin;
using IdentityHost.Audit;
using System.Security.Cryptography;
using System.Text;
using IdentityHost.Stores;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IdentityHost.Accounts.ExternalSignIn;

public enum ExternalSignInStatus
{
    /// <summary>A known login: its user.</summary>
    SignedIn,
    /// <summary>A new identity: a new local account, created and linked.</summary>
    Created,
    /// <summary>A new identity linked to the account with its verified email (<c>AutoLinkVerifiedEmails</c>).</summary>
    Linked,
    /// <summary>A new identity whose verified email is an account's confirmed email: that account's password first.</summary>
    PasswordRequired,
    /// <summary>As <see cref="PasswordRequired"/>, but the account has no password: sign in to it another way and
    /// link from the account page.</summary>
    SignInToLink,
    LockedOut,
    Failed,
}

public sealed record ExternalSignInResult(ExternalSignInStatus Status, ApplicationUser? User = null);

public enum LinkStatus { Linked, AlreadyLinked, LinkedToAnotherUser, Failed }

public enum UnlinkStatus { Unlinked, LastSignInMethod, NotLinked }

/// <summary>
/// The linking rules of external sign-in. The risk is account takeover, so an external identity reaches an existing
/// account only through a login linked before, or through an email both sides vouch for (verified by the provider,
/// confirmed here) and — unless <c>Authentication:AutoLinkVerifiedEmails</c> — the account's password. An email the
/// provider did not verify never links and is never stored.
/// </summary>
public sealed class ExternalLoginLinker(
    UserManager<ApplicationUser> users,
    IdentityHostDbContext db,
    IOptions<ExternalAuthenticationOptions> options,
    RandomNumberGenerator random,
    SecurityEvents events,
    ILogger<ExternalLoginLinker> logger)
{
    private const int MaxUserNameLength = 64;
    private const string FallbackUserName = "user";

    public async Task<ExternalSignInResult> SignInAsync(ExternalIdentity identity, CancellationToken cancellationToken)
    {
        // A known login signs in its user, whatever the provider says about the email today.
        var linked = await users.FindByLoginAsync(identity.Provider, identity.ProviderKey);
        if (linked is not null)
        {
            return await users.IsLockedOutAsync(linked) ? LockedOut(identity, linked) : new(ExternalSignInStatus.SignedIn, linked);
        }

        var owner = identity.VerifiedEmail is { } email ? await users.FindByEmailAsync(email) : null;
        if (owner is { EmailConfirmed: true })
        {
            if (await users.IsLockedOutAsync(owner))
            {
                return LockedOut(identity, owner);
            }
            if (options.Value.AutoLinkVerifiedEmails)
            {
                return await LinkAsync(owner, identity, "automatically, by verified email") == LinkStatus.Linked
                    ? new(ExternalSignInStatus.Linked, owner)
                    : new(ExternalSignInStatus.Failed);
            }
            if (await users.HasPasswordAsync(owner))
            {
                ExternalSignInLog.PasswordRequired(logger, identity.Provider, owner.Id);
                return new(ExternalSignInStatus.PasswordRequired, owner);
            }
            ExternalSignInLog.SignInToLink(logger, identity.Provider, owner.Id);
            return new(ExternalSignInStatus.SignInToLink, owner);
        }

        // A new identity gets a new account. The verified email goes with it, unless an account whose email is not
        // confirmed holds the address (emails are unique here, and an unconfirmed claim proves nothing either way).
        var created = await CreateAccountAsync(identity, owner is null ? identity.VerifiedEmail : null, cancellationToken);
        return created is null ? new(ExternalSignInStatus.Failed) : new(ExternalSignInStatus.Created, created);
    }

    /// <summary>The account the link-existing page asks the password of: the one whose confirmed email the provider
    /// verified, while the identity is still unlinked and the account still has a password.</summary>
    public async Task<ApplicationUser?> FindPasswordLinkTargetAsync(ExternalIdentity identity)
    {
        if (identity.VerifiedEmail is null || await users.FindByLoginAsync(identity.Provider, identity.ProviderKey) is not null)
        {
            return null;
        }
        var owner = await users.FindByEmailAsync(identity.VerifiedEmail);
        return owner is { EmailConfirmed: true } && await users.HasPasswordAsync(owner) ? owner : null;
    }

    /// <summary>Links the identity to <paramref name="user"/>, unless it already belongs to someone.</summary>
    /// <param name="how">For the log: what proved the user may link it.</param>
    public async Task<LinkStatus> LinkAsync(ApplicationUser user, ExternalIdentity identity, string how)
    {
        var existing = await users.FindByLoginAsync(identity.Provider, identity.ProviderKey);
        if (existing is not null)
        {
            if (existing.Id == user.Id) return LinkStatus.AlreadyLinked;
            ExternalSignInLog.LinkRefusedOtherOwner(logger, identity.Provider, user.Id, existing.Id);
            return LinkStatus.LinkedToAnotherUser;
        }
        var result = await users.AddLoginAsync(user, LoginInfo(identity));
        if (!result.Succeeded)
        {
            // Lost a race to another link of the same identity.
            return await users.FindByLoginAsync(identity.Provider, identity.ProviderKey) is { } winner && winner.Id != user.Id
                ? LinkStatus.LinkedToAnotherUser
                : LinkStatus.Failed;
        }
        ExternalSignInLog.Linked(logger, identity.Provider, user.Id, how);
        return LinkStatus.Linked;
    }

    /// <summary>
    /// Removes one of the user's logins, never the last way to sign in: one conditional delete (there is a password,
    /// or another login), so two concurrent unlinks of a password-less account's last two logins cannot both win.
    /// The security stamp changes, as Identity's own RemoveLoginAsync does: grants made before end.
    /// </summary>
    public async Task<UnlinkStatus> UnlinkAsync(ApplicationUser user, string provider, string providerKey, CancellationToken cancellationToken)
    {
        var userId = user.Id;
        var removed = await db.UserLogins
            .Where(l => l.UserId == userId && l.LoginProvider == provider && l.ProviderKey == providerKey
                && (db.Users.Any(u => u.Id == userId && u.PasswordHash != null) || db.UserLogins.Count(o => o.UserId == userId) > 1))
            .ExecuteDeleteAsync(cancellationToken);
        if (removed == 0)
        {
            var exists = await db.UserLogins.AnyAsync(l => l.UserId == userId && l.LoginProvider == provider && l.ProviderKey == providerKey, cancellationToken);
            if (!exists) return UnlinkStatus.NotLinked;
            ExternalSignInLog.UnlinkRefused(logger, provider, userId);
            return UnlinkStatus.LastSignInMethod;
        }
        await users.UpdateSecurityStampAsync(user);
        ExternalSignInLog.Unlinked(logger, provider, userId);
        return UnlinkStatus.Unlinked;
    }

    private ExternalSignInResult LockedOut(ExternalIdentity identity, ApplicationUser user)
    {
        ExternalSignInLog.LockedOut(logger, identity.Provider, user.Id);
        events.Record(AuditActors.Anonymous, AuditActions.SignInFailed, user.Id, $"{identity.Provider}: account locked");
        return new(ExternalSignInStatus.LockedOut, user);
    }

    /// <summary>A password-less account named after the provider's login, made unique by a numeric suffix, and the
    /// login linked to it — in one transaction, so no account is left without its way to sign in.</summary>
    private async Task<ApplicationUser?> CreateAccountAsync(ExternalIdentity identity, string? email, CancellationToken cancellationToken)
    {
        foreach (var name in UserNameCandidates(identity.UserNameHint))
        {
            if (await users.FindByNameAsync(name) is not null)
            {
                continue;
            }
            var user = new ApplicationUser { UserName = name, Email = email, EmailConfirmed = email is not null };
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            try
            {
                var created = await users.CreateAsync(user);
                if (!created.Succeeded)
                {
                    if (created.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.DuplicateUserName))) continue;
                    ExternalSignInLog.AccountCreationFailed(logger, identity.Provider, string.Join(", ", created.Errors.Select(e => e.Code)));
                    return null;
                }
                var linked = await users.AddLoginAsync(user, LoginInfo(identity));
                if (!linked.Succeeded)
                {
                    ExternalSignInLog.AccountCreationFailed(logger, identity.Provider, string.Join(", ", linked.Errors.Select(e => e.Code)));
                    return null;
                }
                await transaction.CommitAsync(cancellationToken);
                ExternalSignInLog.AccountCreated(logger, user.Id, identity.Provider, email is not null);
                return user;
            }
            catch (DbUpdateException)
            {
                // The unique index on the name decided a race with a concurrent sign-up: try the next name.
                db.ChangeTracker.Clear();
            }
        }
        ExternalSignInLog.AccountCreationFailed(logger, identity.Provider, "no free username");
        return null;
    }

    /// <summary>The hint reduced to the characters Identity allows in a username (never '@': a username must not
    /// look like someone's email on the login page), then the same with 2, 3, … appended, then random suffixes.</summary>
    private IEnumerable<string> UserNameCandidates(string? hint)
    {
        var allowed = users.Options.User.AllowedUserNameCharacters;
        var builder = new StringBuilder();
        foreach (var c in hint ?? "")
        {
            if (c != '@' && (string.IsNullOrEmpty(allowed) || allowed.Contains(c)) && !char.IsWhiteSpace(c) && !char.IsControl(c))
            {
                builder.Append(c);
            }
        }
        var baseName = builder.Length == 0 ? FallbackUserName : builder.ToString(0, Math.Min(builder.Length, MaxUserNameLength));
        yield return baseName;
        for (var suffix = 2; suffix <= 50; suffix++)
        {
            yield return baseName + suffix;
        }
        var bytes = new byte[4];
        for (var attempt = 0; attempt < 5; attempt++)
        {
            random.GetBytes(bytes);
            yield return $"{baseName}-{Convert.ToHexStringLower(bytes)}";
        }
    }

    private static UserLoginInfo LoginInfo(ExternalIdentity identity) =>
        new(identity.Provider, identity.ProviderKey, ExternalProviders.Find(identity.Provider)?.DisplayName ?? identity.Provider);
}
