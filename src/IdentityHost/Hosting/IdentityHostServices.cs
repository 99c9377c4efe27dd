using System.Security.Cryptography;
using IdentityHost.Accounts;
using IdentityHost.Configuration;
using IdentityHost.Endpoints.Token;
using IdentityHost.Grants;
using IdentityHost.Keys;
using IdentityHost.Protocol;
using IdentityHost.Stores;
using IdentityHost.Tokens;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IdentityHost.Hosting;

public static class IdentityHostServices
{
    public const string DefaultConnectionString = "Data Source=identity.db";

    public static WebApplicationBuilder AddIdentityHost(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.AddOptions<IdentityHostOptions>().BindConfiguration(IdentityHostOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IdentityHostOptions>, IdentityHostOptionsValidator>();
        services.AddOptions<CatalogOptions>().Bind(configuration).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CatalogOptions>, CatalogOptionsValidator>();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => RandomNumberGenerator.Create());

        AddStore(services);
        AddAccounts(services);

        services.AddDataProtection().SetApplicationName("IdentityHost");
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<IdentityHostOptions>, ILoggerFactory>((keyManagement, options, loggers) =>
        {
            if (options.Value.DataProtection.KeysDirectory is { Length: > 0 } directory)
            {
                keyManagement.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(directory), loggers);
            }
        });

        services.AddSingleton<SigningKeyManager>();
        services.AddSingleton<ScopeCatalog>();
        services.AddSingleton<AccessTokenIssuer>();
        services.AddSingleton<RefreshTokenFactory>();
        services.AddScoped<ClientAuthenticator>();
        services.AddScoped<UserTokenIssuer>();

        // Grants are looked up by grant_type (the registry is the container's keyed services).
        services.AddKeyedScoped<IGrantHandler, PasswordGrantHandler>(GrantTypes.Password);
        services.AddKeyedScoped<IGrantHandler, RefreshTokenGrantHandler>(GrantTypes.RefreshToken);
        services.AddKeyedScoped<IGrantHandler, ClientCredentialsGrantHandler>(GrantTypes.ClientCredentials);

        services.AddHostedService<IdentityHostInitializer>();
        services.AddProblemDetails();
        services.AddHealthChecks()
            .AddDbContextCheck<IdentityHostDbContext>("database")
            .AddCheck<SigningKeysHealthCheck>("signing-keys");
        return builder;
    }

    private static void AddStore(IServiceCollection services)
    {
        // Configuration is read when the context is built, not here: hosts and tests may still add sources.
        services.AddDbContext<IdentityHostDbContext>((provider, options) =>
        {
            var configuration = provider.GetRequiredService<IConfiguration>();
            var database = configuration["Database:Provider"] ?? "Sqlite";
            if (!database.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"Database:Provider '{database}' is not supported; use 'Sqlite'.");
            }
            options.UseSqlite(configuration.GetConnectionString("Identity") ?? DefaultConnectionString)
                .AddInterceptors(SqliteConnectionSettings.Instance);
        }, ServiceLifetime.Scoped, ServiceLifetime.Singleton);
        services.AddScoped<TokenStore>();
        services.AddScoped<CatalogSeeder>();
    }

    private static void AddAccounts(IServiceCollection services)
    {
        // Identity's own options (Password, Lockout, User) are read from the "Identity" section.
        services.AddOptions<IdentityOptions>().BindConfiguration("Identity");
        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddUserValidator<OptionalUniqueEmailValidator>()
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<IdentityHostDbContext>()
            .AddDefaultTokenProviders();
        services.AddSingleton<PasswordHashGate>();
        services.AddScoped<PasswordCredentialChecker>();
        services.AddScoped<LockoutCounter>();
        services.AddScoped<ActiveUserCheck>();
    }
}
