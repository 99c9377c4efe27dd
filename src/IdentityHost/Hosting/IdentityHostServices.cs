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

        AddStore(services, configuration);
        AddAccounts(services, configuration);

        var dataProtection = services.AddDataProtection().SetApplicationName("IdentityHost");
        var keysDirectory = configuration[$"{IdentityHostOptions.Section}:DataProtection:KeysDirectory"];
        if (!string.IsNullOrEmpty(keysDirectory))
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(keysDirectory));
        }

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

    private static void AddStore(IServiceCollection services, IConfiguration configuration)
    {
        var provider = configuration["Database:Provider"] ?? "Sqlite";
        if (!provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Database:Provider '{provider}' is not supported; use 'Sqlite'.");
        }
        var connectionString = configuration.GetConnectionString("Identity") ?? DefaultConnectionString;
        services.AddDbContext<IdentityHostDbContext>(options => options
            .UseSqlite(connectionString)
            .AddInterceptors(new SqliteConnectionSettings()));
        services.AddScoped<TokenStore>();
        services.AddScoped<CatalogSeeder>();
    }

    private static void AddAccounts(IServiceCollection services, IConfiguration configuration)
    {
        // Identity's own options (Password, Lockout, User) are read from the "Identity" section.
        services.Configure<IdentityOptions>(configuration.GetSection("Identity"));
        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<IdentityHostDbContext>()
            .AddDefaultTokenProviders();
        services.AddSingleton<PasswordHashGate>();
        services.AddScoped<PasswordCredentialChecker>();
        services.AddScoped<ActiveUserCheck>();
    }
}
