using IdentityHost.Configuration;
using Microsoft.Extensions.Options;

namespace IdentityHost.Accounts;

/// <summary>
/// Bounds how many password hashes run at once. PBKDF2 costs tens of milliseconds of one core; unbounded, a login
/// storm would take every core from token validation and discovery. A request that cannot get a slot within the
/// queue timeout is told so (503) instead of hanging.
/// </summary>
public sealed class PasswordHashGate : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private readonly TimeSpan _queueTimeout;

    public PasswordHashGate(IOptions<IdentityHostOptions> options)
    {
        var settings = options.Value.PasswordHashing;
        var slots = settings.MaxConcurrency > 0 ? settings.MaxConcurrency : Environment.ProcessorCount;
        _slots = new SemaphoreSlim(slots, slots);
        _queueTimeout = settings.QueueTimeout;
    }

    /// <summary>Runs <paramref name="work"/> in a slot; returns false (without running it) when none freed in time.</summary>
    public async Task<(bool Ran, T Result)> TryRunAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        if (!await _slots.WaitAsync(_queueTimeout, cancellationToken))
        {
            return (false, default!);
        }
        try
        {
            return (true, await work());
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
