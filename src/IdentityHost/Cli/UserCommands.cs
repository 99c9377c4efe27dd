using IdentityHost.Accounts;
using IdentityHost.Admin;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace IdentityHost.Cli;

/// <summary>
/// <c>users add|list|set-password|lock|unlock|remove</c>, through Identity so its password policy applies; lock,
/// unlock and remove are the admin area's own actions (<see cref="UserAdministration"/>, audited as <c>system</c>).
/// </summary>
public sealed class UserCommands(
    UserManager<ApplicationUser> users,
    RoleManager<IdentityRole> roles,
    UserAdministration administration,
    UserSessions sessions,
    AuditLog audit,
    TextWriter output)
{
    public async Task<int> RunAsync(string[] args)
    {
        var arguments = new CliArguments(args);
        var action = arguments.Required(0, "users action (add, list, set-password, lock, unlock, remove)");
        switch (action)
        {
            case "add": await AddAsync(arguments); break;
            case "list": await ListAsync(); break;
            case "set-password": await SetPasswordAsync(arguments); break;
            case "lock": await LockAsync(arguments.Required(1, "username"), locked: true); break;
            case "unlock": await LockAsync(arguments.Required(1, "username"), locked: false); break;
            case "remove": await RemoveAsync(arguments.Required(1, "username")); break;
            default: throw new CliException($"unknown users action '{action}'");
        }
        return 0;
    }

    private async Task AddAsync(CliArguments arguments)
    {
        var username = arguments.Required(1, "username");
        var password = CommandLine.SecretValue(arguments.RequiredOption("password"));
        var email = arguments.Option("email");
        // An email given by the operator is taken as confirmed (DESIGN.md §2).
        var user = new ApplicationUser { UserName = username, Email = email, EmailConfirmed = email is not null };
        Check(await users.CreateAsync(user, password));

        foreach (var role in arguments.Options("role"))
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)));
            }
            Check(await users.AddToRoleAsync(user, role));
        }
        await output.WriteLineAsync($"user '{username}' added ({user.Id})");
    }

    private async Task ListAsync()
    {
        foreach (var user in await users.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync())
        {
            var locked = user.LockoutEnd > DateTimeOffset.UtcNow ? "\tlocked" : "";
            await output.WriteLineAsync($"{user.UserName}\t{user.Id}\t{user.Email}{locked}");
        }
    }

    private async Task SetPasswordAsync(CliArguments arguments)
    {
        var user = await FindAsync(arguments.Required(1, "username"));
        var password = CommandLine.SecretValue(arguments.RequiredOption("password"));
        // A reset: the user's sessions, grants and refresh tokens all end.
        Check(await sessions.ResetPasswordAsync(user, password, CancellationToken.None));
        await audit.WriteAsync(AdminActor.CommandLine, AuditActions.PasswordReset, user.Id, $"user '{user.UserName}'", CancellationToken.None);
        await output.WriteLineAsync($"password of '{user.UserName}' set");
    }

    private async Task LockAsync(string username, bool locked)
    {
        var user = await FindAsync(username);
        // Locking also signs the user out everywhere: security stamp changed, grants and refresh tokens revoked.
        await RunAsync(() => locked
            ? administration.LockAsync(user.Id, AdminActor.CommandLine, CancellationToken.None)
            : administration.UnlockAsync(user.Id, AdminActor.CommandLine, CancellationToken.None));
        await output.WriteLineAsync($"user '{username}' {(locked ? "locked" : "unlocked")}");
    }

    private async Task RemoveAsync(string username)
    {
        var user = await FindAsync(username);
        await RunAsync(() => administration.DeleteAsync(user.Id, AdminActor.CommandLine, CancellationToken.None));
        await output.WriteLineAsync($"user '{username}' removed");
    }

    private static async Task RunAsync(Func<Task<AdminResult>> action)
    {
        try
        {
            if (await action() != AdminResult.Done) throw new CliException("the user changed or disappeared meanwhile; try again");
        }
        catch (UserUpdateException e)
        {
            throw new CliException(e.Message);
        }
    }

    private async Task<ApplicationUser> FindAsync(string username) =>
        await users.FindByNameAsync(username) ?? throw new CliException($"user '{username}' does not exist");

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new CliException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
