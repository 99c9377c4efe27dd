using System.Security.Cryptography;
using IdentityHost.Configuration;
using IdentityHost.Protocol;
using IdentityHost.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IdentityHost.Cli;

/// <summary><c>clients add|list|remove</c>: the same registration rules as the <c>Clients</c> configuration.</summary>
public sealed class ClientCommands(
    IdentityHostDbContext db,
    IOptions<CatalogOptions> catalog,
    TimeProvider time,
    RandomNumberGenerator random,
    TextWriter output)
{
    public async Task<int> RunAsync(string[] args)
    {
        var arguments = new CliArguments(args, "require-pkce");
        var action = arguments.Required(0, "clients action (add, list, remove)");
        switch (action)
        {
            case "add": await AddAsync(arguments); break;
            case "list": await ListAsync(); break;
            case "remove": await RemoveAsync(arguments.Required(1, "client id")); break;
            default: throw new CliException($"unknown clients action '{action}'");
        }
        return 0;
    }

    private async Task AddAsync(CliArguments arguments)
    {
        var secret = arguments.Option("secret");
        var registration = new ClientOptions
        {
            ClientId = arguments.Required(1, "client id"),
            ClientSecret = secret is null ? null : CommandLine.SecretValue(secret),
            DisplayName = arguments.Option("name"),
            Type = arguments.Option("type") ?? ClientTypes.Public,
            ConsentType = arguments.Option("consent") ?? ConsentTypes.Explicit,
            RequirePkce = arguments.Flag("require-pkce"),
            GrantTypes = arguments.Options("grant").ToList(),
            Scopes = arguments.Options("scope").ToList(),
            RedirectUris = arguments.Options("redirect-uri").ToList(),
            Permissions = arguments.Options("permission").ToList(),
        };

        var problems = ClientRegistrationRules.Validate(registration, CatalogOptionsValidator.KnownScopes(catalog.Value)).ToList();
        if (problems.Count > 0)
        {
            throw new CliException(string.Join("; ", problems));
        }
        if (await db.Clients.AnyAsync(c => c.ClientId == registration.ClientId))
        {
            throw new CliException($"client '{registration.ClientId}' already exists");
        }

        var entity = new ClientEntity
        {
            ClientId = registration.ClientId, Type = registration.Type, ConsentType = registration.ConsentType,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        CatalogSeeder.Apply(registration, entity, random);
        db.Clients.Add(entity);
        await db.SaveChangesAsync();
        await output.WriteLineAsync($"client '{entity.ClientId}' added ({entity.Type})");
    }

    private async Task ListAsync()
    {
        foreach (var client in await db.Clients.AsNoTracking().OrderBy(c => c.ClientId).ToListAsync())
        {
            await output.WriteLineAsync(
                $"{client.ClientId}\t{client.Type}\tgrants={string.Join(',', client.GrantTypes)}\tscopes={string.Join(',', client.Scopes)}");
        }
    }

    private async Task RemoveAsync(string clientId)
    {
        // Tokens and authorizations of the client go with it: nothing it was issued can be used any more.
        var removed = await db.Clients.Where(c => c.ClientId == clientId).ExecuteDeleteAsync();
        if (removed == 0)
        {
            throw new CliException($"client '{clientId}' does not exist");
        }
        await db.Tokens.Where(t => t.ClientId == clientId).ExecuteDeleteAsync();
        await db.Authorizations.Where(a => a.ClientId == clientId).ExecuteDeleteAsync();
        var note = catalog.Value.Clients.Any(c => c.ClientId == clientId) ? " (it is in configuration and returns at the next start)" : "";
        await output.WriteLineAsync($"client '{clientId}' removed{note}");
    }
}
