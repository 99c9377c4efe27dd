using IdentityHost.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IdentityHost.Accounts.ExternalSignIn;

public static class ExternalSignInServices
{
    /// <summary>
    /// GitHub and Google through ASP.NET Core's generic OAuth handler, the linking rules, and <c>Admins</c>. Needs
    /// Identity's cookies (<c>AddIdentityCookies</c>): the providers sign in to its external cookie.
    /// </summary>
    public static IServiceCollection AddExternalSignIn(this IServiceCollection services)
    {
        services.AddOptions<ExternalAuthenticationOptions>().BindConfiguration(ExternalAuthenticationOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ExternalAuthenticationOptions>, ExternalAuthenticationOptionsValidator>();
        services.AddOptions<AdminsOptions>().BindConfiguration(AdminsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AdminsOptions>, AdminsOptionsValidator>();

        AddProvider<GitHubOAuthOptions>(services, ExternalProviders.GitHubProvider, (options, settings) =>
        {
            if (!string.IsNullOrEmpty(settings.EmailsEndpoint)) options.EmailsEndpoint = settings.EmailsEndpoint;
        });
        AddProvider<GoogleOAuthOptions>(services, ExternalProviders.GoogleProvider, (_, _) => { });

        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ExternalScheme)
            .Configure<IOptions<IdentityHostOptions>>((cookie, host) =>
            {
                cookie.Cookie.Name = "IdentityHost.External";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.Cookie.SecurePolicy = SecurePolicy(host.Value);
            });

        services.AddScoped<ExternalLoginLinker>();
        services.AddScoped<ConfiguredAdmins>();
        services.AddScoped<ExternalSession>();
        return services;
    }

    /// <summary>
    /// What <c>AddOAuth</c> registers, except that the scheme exists only when the provider has a client id and
    /// secret: the authentication middleware asks every remote scheme whether a request is its callback, and an
    /// OAuth scheme without a client id would fail every request. Configuration is read when the scheme provider is
    /// built, after hosts and tests have added their sources.
    /// </summary>
    private static void AddProvider<TOptions>(IServiceCollection services, ExternalProvider provider, Action<TOptions, ExternalProviderSettings> configure)
        where TOptions : OAuthOptions, new()
    {
        services.AddOptions<AuthenticationOptions>().Configure<IOptions<ExternalAuthenticationOptions>>((authentication, external) =>
        {
            if (external.Value.For(provider.Name).IsEnabled)
            {
                authentication.AddScheme<OAuthHandler<TOptions>>(provider.Name, provider.DisplayName);
            }
        });

        services.AddOptions<TOptions>(provider.Name)
            .Configure<IOptions<ExternalAuthenticationOptions>, IOptions<IdentityHostOptions>>((options, external, host) =>
            {
                var settings = external.Value.For(provider.Name);
                options.ClientId = settings.ClientId ?? "";
                options.ClientSecret = settings.ClientSecret ?? "";
                if (!string.IsNullOrEmpty(settings.AuthorizationEndpoint)) options.AuthorizationEndpoint = settings.AuthorizationEndpoint;
                if (!string.IsNullOrEmpty(settings.TokenEndpoint)) options.TokenEndpoint = settings.TokenEndpoint;
                if (!string.IsNullOrEmpty(settings.UserInformationEndpoint)) options.UserInformationEndpoint = settings.UserInformationEndpoint;
                configure(options, settings);

                options.SignInScheme = IdentityConstants.ExternalScheme;
                options.Events.OnRemoteFailure = ExternalSession.OnRemoteFailureAsync;
                // The provider comes back with a top-level GET redirect, which carries Lax cookies; SameSite=None (the
                // handler's default, for form_post) would need Secure, which plain-http loopback development lacks.
                options.CorrelationCookie.SameSite = SameSiteMode.Lax;
                options.CorrelationCookie.SecurePolicy = SecurePolicy(host.Value);
            })
            .Validate(options =>
            {
                options.Validate(provider.Name);
                return true;
            });
        services.TryAddTransient<OAuthHandler<TOptions>>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<TOptions>, OAuthPostConfigureOptions<TOptions, OAuthHandler<TOptions>>>());
    }

    /// <summary>Secure whenever the server is reached over https (as the session cookie).</summary>
    private static CookieSecurePolicy SecurePolicy(IdentityHostOptions host) =>
        host.Issuer.StartsWith("https:", StringComparison.OrdinalIgnoreCase) ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
}
