using System.Security.Cryptography;
using IdentityHost.Accounts;
using IdentityHost.Admin;
using IdentityHost.Accounts.ExternalSignIn;
using IdentityHost.Configuration;
using IdentityHost.Cors;
using IdentityHost.Endpoints.Discovery;
using IdentityHost.Endpoints.Introspection;
using IdentityHost.Endpoints.Revocation;
using IdentityHost.Endpoints.Token;
using IdentityHost.Grants;
using IdentityHost.Keys;
using IdentityHost.Protocol;
using IdentityHost.Stores;
using IdentityHost.Throttling;
using IdentityHost.Tokens;
using IdentityHost.Endpoints.Authorize;
using IdentityHost.Endpoints.EndSession;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
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
        services.AddSingleton<IValidateOptions<IdentityHostOptions>, PruningOptionsValidator>();
        services.AddOptions<CatalogOptions>().Bind(configuration).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CatalogOptions>, CatalogOptionsValidator>();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => RandomNumberGenerator.Create());

        AddStore(services);
        AddAccounts(services);

        services.AddDataProtection().SetApplicationName("IdentityHost");
        // Read from configuration, not the validated options: Razor Pages builds Data Protection (temp data, antiforgery)
        // while endpoints are mapped, and a bad setting elsewhere must still be reported by ValidateOnStart at start-up.
        services.AddOptions<KeyManagementOptions>().Configure<IConfiguration, ILoggerFactory, IServiceScopeFactory>((keyManagement, settings, loggers, scopes) =>
        {
            var dataProtection = settings.GetSection($"{IdentityHostOptions.Section}:DataProtection").Get<Configuration.DataProtectionOptions>() ?? new();
            if (dataProtection.EffectiveStore == Configuration.DataProtectionOptions.DatabaseStore)
            {
                // Shared by every instance on the database (README: Running several instances).
                keyManagement.XmlRepository = new DatabaseXmlRepository(scopes);
            }
            else if (dataProtection.KeysDirectory is { Length: > 0 } directory)
            {
                keyManagement.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(directory), loggers);
            }
        });

        services.AddSingleton<SigningKeyManager>();
        services.AddSingleton<KeyMaterial>();
        services.AddSingleton<SigningKeyLifecycle>();
        services.AddScoped<SigningKeyStore>();
        services.AddSingleton<ScopeCatalog>();
        services.AddSingleton<AccessTokenIssuer>();
        services.AddSingleton<RefreshTokenFactory>();
        services.AddSingleton<IdentityTokenIssuer>();
        services.AddScoped<ClientAuthenticator>();
        services.AddSingleton<ClientSecretVerifier>();
        services.AddSingleton<ClientCache>();
        services.AddSingleton<DiscoveryDocument>();
        services.AddScoped<AccessTokenValidator>();
        services.AddScoped<TokenIntrospector>();
        services.AddScoped<TokenRevoker>();
        services.AddClientOriginsCors();
        services.AddScoped<UserTokenIssuer>();
        services.AddScoped<AuthorizeRequestValidator>();
        services.AddScoped<ConsentService>();
        services.AddScoped<AuthorizationCodeIssuer>();
        services.AddSingleton<IdTokenHintValidator>();
        services.AddScoped<EndSessionRequestValidator>();

        // Grants are looked up by grant_type (the registry is the container's keyed services).
        services.AddKeyedScoped<IGrantHandler, PasswordGrantHandler>(GrantTypes.Password);
        services.AddKeyedScoped<IGrantHandler, RefreshTokenGrantHandler>(GrantTypes.RefreshToken);
        services.AddKeyedScoped<IGrantHandler, ClientCredentialsGrantHandler>(GrantTypes.ClientCredentials);
        services.AddKeyedScoped<IGrantHandler, AuthorizationCodeGrantHandler>(GrantTypes.AuthorizationCode);

        services.AddIdentityHostAdmin();
        // The audit trail of sign-ins, token issuance, replays and revocations, stored in batches off the request.
        services.AddHttpContextAccessor();
        services.AddSingleton<IdentityHost.Audit.AuditWriter>();
        services.AddHostedService(provider => provider.GetRequiredService<IdentityHost.Audit.AuditWriter>());
        services.AddSingleton<IdentityHost.Audit.SecurityEvents>();

        services.AddHostedService<IdentityHostInitializer>();
        services.AddHostedService<SigningKeyRotationService>();
        services.AddProblemDetails();
        // The sign-in pages answer an unavailable store with a 503 page of their own (before the generic answer).
        services.AddExceptionHandler<IdentityHost.Accounts.SignInPagesUnavailable>();
        // Login, consent, logout and account pages (antiforgery is validated on every page POST).
        services.AddRazorPages();
        // The document of the endpoints mapped as minimal APIs; the OAuth protocol itself is described by discovery.
        services.AddOpenApi();
        services.AddHealthChecks()
            .AddDbContextCheck<IdentityHostDbContext>("database")
            .AddCheck<SigningKeysHealthCheck>("signing-keys");
        return builder;
    }

    private static void AddStore(IServiceCollection services)
    {
        // Configuration is read when the context is built, not here: hosts and tests may still add sources.
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section)
            .Configure<IConfiguration>((database, configuration) =>
                database.ConnectionString = configuration.GetConnectionString("Identity") ?? DefaultConnectionString)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();
        // Pooled: building a context's services per request (model lookup, options) cost more than the query.
        services.AddDbContextPool<IdentityHostDbContext>((provider, options) =>
        {
            var database = provider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            if (database.EffectiveProvider == DatabaseOptions.Postgres)
            {
                options.UseNpgsql(database.ConnectionString);
            }
            else
            {
                options.UseSqlite(database.ConnectionString).AddInterceptors(SqliteConnectionSettings.Instance);
            }
            // Both providers' migrations are in this assembly: apply only the active provider's.
            options.ReplaceService<IMigrationsAssembly, ProviderMigrationsAssembly>();
        });
        services.AddSingleton<SqliteWriteGate>();
        services.AddScoped<TokenStore>();
        services.AddScoped<CatalogSeeder>();
        services.AddScoped<TokenPruner>();
        services.AddHostedService<TokenPruningService>();
    }

    /// <summary>The sign-in session of the pages: Identity's application cookie.</summary>
    private static void AddBrowserSession(IServiceCollection services)
    {
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<IOptions<IdentityHostOptions>>((cookie, options) =>
            {
                cookie.Cookie.Name = "IdentityHost.Session";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                // Secure whenever the server is reached over https; plain http is allowed only on loopback issuers.
                cookie.Cookie.SecurePolicy = options.Value.Issuer.StartsWith("https:", StringComparison.OrdinalIgnoreCase)
                    ? CookieSecurePolicy.Always
                    : CookieSecurePolicy.SameAsRequest;
                cookie.LoginPath = AccountPaths.Login;
                cookie.LogoutPath = AccountPaths.Logout;
                cookie.ReturnUrlParameter = AccountPaths.ReturnUrlParameter;
                cookie.SlidingExpiration = true;
                cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            });
        // How soon a changed security stamp (sign out everywhere, lock) ends browser sessions: UserSessions.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = UserSessions.SecurityStampValidationInterval);
        // When Identity re-checks the security stamp and rebuilds the principal, keep the session's own claims.
        services.Configure<SecurityStampValidatorOptions>(options => options.OnRefreshingPrincipal = context =>
        {
            var current = context.CurrentPrincipal?.Identities.FirstOrDefault();
            var next = context.NewPrincipal?.Identities.FirstOrDefault();
            if (current is not null && next is not null)
            {
                foreach (var claim in current.Claims.Where(c => BrowserSession.SessionClaimTypes.Contains(c.Type)))
                {
                    next.AddClaim(new System.Security.Claims.Claim(claim.Type, claim.Value));
                }
            }
            return Task.CompletedTask;
        });
        services.AddScoped<BrowserSession>();
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
            .AddSignInManager()
            .AddDefaultTokenProviders();
        AddBrowserSession(services);
        // GitHub and Google sign-in, the linking rules and the Admins list (README: External sign-in).
        services.AddExternalSignIn();
        services.AddSingleton<PasswordHashGate>();
        services.AddSingleton<LowPriorityThreads>();
        services.AddSingleton<IPasswordHasher<ApplicationUser>, LowPriorityPasswordHasher>();
        services.AddScoped<PasswordCredentialChecker>();
        services.AddScoped<LockoutCounter>();
        // Failure budgets against guessing (README: Brute-force protection); in memory, per instance.
        services.AddScoped<PasswordSignIn>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<ClientAuthenticationThrottle>();
        services.AddScoped<ActiveUserCheck>();
        services.AddScoped<UserSessions>();
    }
}
