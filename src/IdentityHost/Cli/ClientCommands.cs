using IdentityHost.Admin;
using IdentityHost.Configuration;
using IdentityHost.Protocol;

namespace IdentityHost.Cli;

/// <summary>
/// <c>clients add|list|remove</c>: the same registration rules as the <c>Clients</c> configuration, through the
/// admin area's <see cref="ClientAdministration"/> (audited with the actor <c>system</c>).
/// </summary>
public sealed class ClientCommands(ClientAdministration clients, TextWriter output)
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

        var change = await clients.AddAsync(registration, generateSecret: false, AdminActor.CommandLine, CancellationToken.None);
        if (change.Result != AdminResult.Done)
        {
            throw new CliException(string.Join("; ", change.Problems));
        }
        var entity = change.Client!;
        await output.WriteLineAsync($"client '{entity.ClientId}' added ({entity.Type})");
    }

    private async Task ListAsync()
    {
        foreach (var client in await clients.ListAsync(CancellationToken.None))
        {
            await output.WriteLineAsync(
                $"{client.ClientId}\t{client.Type}\tgrants={string.Join(',', client.GrantTypes)}\tscopes={string.Join(',', client.Scopes)}");
        }
    }

    private async Task RemoveAsync(string clientId)
    {
        // Tokens and authorizations of the client go with it: nothing it was issued can be used any more.
        if (await clients.RemoveAsync(clientId, AdminActor.CommandLine, CancellationToken.None) == AdminResult.NotFound)
        {
            throw new CliException($"client '{clientId}' does not exist");
        }
        var note = clients.IsConfigured(clientId) ? " (it is in configuration and returns at the next start)" : "";
        await output.WriteLineAsync($"client '{clientId}' removed{note}");
    }
}
