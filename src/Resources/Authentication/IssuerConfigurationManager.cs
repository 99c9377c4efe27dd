using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Resources.Logging;

namespace Resources.Authentication;

/// <summary>
/// The issuer's discovery document and signing keys (JWKS) for JwtBearer and the token handler, fetched on the
/// request that needs them and awaited by it:
/// <list type="bullet">
/// <item>the first request fetches; later ones reuse the result until <see cref="BaseConfigurationManager.AutomaticRefreshInterval"/> passes;</item>
/// <item><see cref="RequestRefresh"/> — called by the token handler when a token fails against the keys held, e.g.
/// the first one signed after a key rotation — makes the next read fetch again, and the handler then validates the
/// same token against the new keys, so that token is accepted. It is honoured at most once per
/// <see cref="BaseConfigurationManager.RefreshInterval"/>, so tokens naming made-up kids cannot make the API hammer
/// the issuer;</item>
/// <item>one fetch at a time: requests arriving meanwhile wait for its result rather than use the old keys;</item>
/// <item>a failed fetch keeps the keys held and is retried after <see cref="BaseConfigurationManager.RefreshInterval"/>
/// (after <see cref="RetryWithoutKeys"/> while there are none yet).</item>
/// </list>
/// This replaces IdentityModel's <c>ConfigurationManager</c>, which refreshes in the background (the token that
/// triggered the refresh is refused) unless the process-wide AppContext switch
/// <c>Switch.Microsoft.IdentityModel.UpdateConfigAsBlocking</c> is set — and IdentityModel caches that switch the
/// first time anything in the process creates a token handler, so whether setting it worked depended on what ran
/// first.
/// </summary>
internal sealed class IssuerConfigurationManager : BaseConfigurationManager, IConfigurationManager<OpenIdConnectConfiguration>
{
    /// <summary>How soon a failed first fetch is tried again: the API cannot accept any token until it succeeds.</summary>
    public static readonly TimeSpan RetryWithoutKeys = TimeSpan.FromSeconds(1);

    private readonly IDocumentRetriever _retriever;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    // Held while fetching, so concurrent requests wait for one fetch instead of each starting their own.
    private readonly SemaphoreSlim _fetching = new(1, 1);

    // Guards the fields below, which requests read without waiting for a fetch.
    private readonly Lock _state = new();
    private OpenIdConnectConfiguration? _current;
    private Exception? _lastFailure;
    private DateTimeOffset _fetchDueAt = DateTimeOffset.MinValue;
    private DateTimeOffset _nextRefreshAllowedAt = DateTimeOffset.MinValue;

    public IssuerConfigurationManager(string metadataAddress, IDocumentRetriever retriever, TimeProvider time, ILogger logger)
    {
        MetadataAddress = metadataAddress;
        // On by default in IdentityModel: a token whose key is missing from the current JWKS would then be tried
        // against earlier ones for an hour, so a key the issuer removed or revoked would keep validating here.
        UseLastKnownGoodConfiguration = false;
        _retriever = retriever;
        _time = time;
        _logger = logger;
    }

    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
    {
        if (Fresh() is { } fresh)
        {
            return fresh;
        }

        await _fetching.WaitAsync(cancel);
        try
        {
            // The request that held the semaphore may have fetched what this one needs.
            return Fresh() ?? await FetchAsync();
        }
        finally
        {
            _fetching.Release();
        }
    }

    public override async Task<BaseConfiguration> GetBaseConfigurationAsync(CancellationToken cancel) =>
        await GetConfigurationAsync(cancel);

    public override void RequestRefresh()
    {
        lock (_state)
        {
            var now = _time.GetUtcNow();
            if (now < _nextRefreshAllowedAt)
            {
                return;
            }
            _nextRefreshAllowedAt = now + RefreshInterval;
            _fetchDueAt = now;
        }
    }

    private OpenIdConnectConfiguration? Fresh()
    {
        lock (_state)
        {
            return _current is not null && _time.GetUtcNow() < _fetchDueAt ? _current : null;
        }
    }

    /// <summary>Called holding <see cref="_fetching"/>.</summary>
    private async Task<OpenIdConnectConfiguration> FetchAsync()
    {
        lock (_state)
        {
            if (_current is null && _time.GetUtcNow() < _fetchDueAt)
            {
                throw Unavailable(_lastFailure);
            }
        }

        try
        {
            // Not the request's token: the fetch is shared, and one client hanging up must not fail it for the others.
            var configuration = await OpenIdConnectConfigurationRetriever.GetAsync(MetadataAddress, _retriever, CancellationToken.None);
            lock (_state)
            {
                _current = configuration;
                _lastFailure = null;
                _fetchDueAt = _time.GetUtcNow() + AutomaticRefreshInterval;
            }
            _logger.IssuerMetadataFetched(MetadataAddress, configuration.SigningKeys.Count);
            return configuration;
        }
        catch (Exception exception) // Whatever the network or the documents did wrong: keep what is held, try later.
        {
            _logger.IssuerMetadataUnavailable(MetadataAddress, exception);
            lock (_state)
            {
                _lastFailure = exception;
                _fetchDueAt = _time.GetUtcNow() + (_current is null ? RetryWithoutKeys : RefreshInterval);
                return _current ?? throw Unavailable(exception);
            }
        }
    }

    private InvalidOperationException Unavailable(Exception? cause) =>
        new($"The issuer's discovery document or signing keys could not be fetched from '{MetadataAddress}'.", cause);
}
