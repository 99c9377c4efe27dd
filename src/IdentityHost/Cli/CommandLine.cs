using IdentityHost.Configuration;
using IdentityHost.Hosting;
using IdentityHost.Stores;
using Microsoft.Extensions.Options;

namespace IdentityHost.Cli;

/// <summary>
/// The administrative verbs of the server binary (DESIGN.md §2): <c>migrate</c>, <c>clients …</c>, <c>users …</c>,
/// <c>keys …</c>.
/// Exit code 0 on success; otherwise one line on standard error and a non-zero code.
/// </summary>
public static class CommandLine
{
    private static readonly HashSet<string> Verbs = new(StringComparer.Ordinal) { "migrate", "clients", "users", "keys", "help" };

    public static bool IsVerb(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error)
    {
        try
        {
            var options = services.GetRequiredService<IOptions<IdentityHostOptions>>().Value;
            _ = services.GetRequiredService<IOptions<CatalogOptions>>().Value;
            var scopes = services.GetRequiredService<IServiceScopeFactory>();

            if (args[0] == "help")
            {
                await output.WriteLineAsync(Usage);
                return 0;
            }
            if (args[0] == "migrate")
            {
                await using var scope = scopes.CreateAsyncScope();
                await DatabaseMigrator.MigrateAsync(scope.ServiceProvider.GetRequiredService<IdentityHostDbContext>(), CancellationToken.None);
                await output.WriteLineAsync("database is up to date");
                return 0;
            }

            await IdentityHostInitializer.PrepareStoreAsync(scopes, options, CancellationToken.None);
            await using (var scope = scopes.CreateAsyncScope())
            {
                var rest = args.Skip(1).ToArray();
                return args[0] switch
                {
                    "clients" => await ActivatorUtilities.CreateInstance<ClientCommands>(scope.ServiceProvider, output).RunAsync(rest),
                    "keys" => await ActivatorUtilities.CreateInstance<KeyCommands>(scope.ServiceProvider, output).RunAsync(rest),
                    _ => await ActivatorUtilities.CreateInstance<UserCommands>(scope.ServiceProvider, output).RunAsync(rest),
                };
            }
        }
        catch (CliException e)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return 2;
        }
        catch (OptionsValidationException e)
        {
            await error.WriteLineAsync($"error: invalid configuration: {string.Join("; ", e.Failures)}");
            return 3;
        }
    }

    public const string Usage = """
        usage: IdentityHost [verb]        (no verb: run the server)
          migrate
          clients add <client_id> [--type public|confidential] [--secret <s>|-] [--grant <g>]... [--scope <s>]...
                                  [--redirect-uri <u>]... [--name <display name>] [--consent implicit|explicit]
                                  [--require-pkce] [--permission <p>]...
          clients list
          clients remove <client_id>
          users add <username> --password <pw>|- [--email <e>] [--role <r>]...
          users list
          users set-password <username> --password <pw>|-
          users lock <username>
          users unlock <username>
          users remove <username>
          keys list
          keys rotate [--now]
          keys revoke <kid>
        A value of '-' reads the password or secret from standard input (keeps it out of shell history).
        """;

    /// <summary>Reads a secret given as '-' from standard input.</summary>
    public static string SecretValue(string value) =>
        value == "-" ? Console.In.ReadLine() ?? throw new CliException("no value on standard input") : value;
}
