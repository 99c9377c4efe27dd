using Microsoft.Playwright;

namespace EndToEnd.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium (apt package <c>chromium</c>, installed by .ci/run) driven by Playwright. Playwright never
/// downloads a browser here: its driver ships in the NuGet package and the executable is given explicitly.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    public const string DefaultPath = "/usr/bin/chromium";

    /// <summary>How long one browser action or expectation may take before the test fails.</summary>
    public static readonly TimeSpan ActionTimeout = TimeSpan.FromSeconds(15);

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary><c>CHROMIUM_PATH</c> if set, else <see cref="DefaultPath"/>.</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : DefaultPath;

    public async Task StartAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            // A failure, not a skip: CI installs Chromium, so its absence is a broken environment.
            throw new InvalidOperationException(
                $"Chromium was not found at {ExecutablePath}. Install it with 'apt-get install -y chromium' " +
                "(.ci/run does this), or set CHROMIUM_PATH to a Chromium executable.");
        }
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            // Containers here have no user namespaces for Chromium's sandbox, and no GPU.
            Args = ["--no-sandbox", "--disable-gpu"],
        });
    }

    /// <summary>A fresh profile (cookies, sessionStorage) for one test.</summary>
    public async Task<IBrowserContext> NewContextAsync()
    {
        var context = await (_browser ?? throw new InvalidOperationException("The browser is not started.")).NewContextAsync();
        context.SetDefaultTimeout((float)ActionTimeout.TotalMilliseconds);
        context.SetDefaultNavigationTimeout((float)ActionTimeout.TotalMilliseconds);
        Assertions.SetDefaultExpectTimeout((float)ActionTimeout.TotalMilliseconds);
        return context;
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
