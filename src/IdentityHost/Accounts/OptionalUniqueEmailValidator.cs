using Microsoft.AspNetCore.Identity;

namespace IdentityHost.Accounts;

/// <summary>
/// An email is optional (accounts from the CLI or GitHub may have none), but when present it identifies one account
/// only: sign-in by email and external-login linking rely on that. Identity's own RequireUniqueEmail would also make
/// it mandatory.
/// </summary>
public sealed class OptionalUniqueEmailValidator : IUserValidator<ApplicationUser>
{
    public async Task<IdentityResult> ValidateAsync(UserManager<ApplicationUser> manager, ApplicationUser user)
    {
        var email = await manager.GetEmailAsync(user);
        if (string.IsNullOrEmpty(email))
        {
            return IdentityResult.Success;
        }
        var owner = await manager.FindByEmailAsync(email);
        return owner is null || owner.Id == user.Id
            ? IdentityResult.Success
            : IdentityResult.Failed(manager.ErrorDescriber.DuplicateEmail(email));
    }
}
