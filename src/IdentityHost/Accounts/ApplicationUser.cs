using Microsoft.AspNetCore.Identity;

namespace IdentityHost.Accounts;

/// <summary>A local account. External logins and roles hang off it through Identity's own tables.</summary>
public sealed class ApplicationUser : IdentityUser;
