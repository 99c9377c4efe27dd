using IdentityHost.Cli;
using IdentityHost.Hosting;
using IdentityHost.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace IdentityHost.Tests.Cli;

/// <summary>
/// The app built as Program.cs builds it for a verb: services only, the server never started (so start-up work
/// such as migrating does not run first). On a fresh temporary folder with the test settings.
/// </summary>
public sealed class VerbHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    public VerbHost()
    {
        Directory = Path.Combine(Path.GetTempPath(), "identityhost-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        TestStore.Create(Directory);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = Directory });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(IdentityHostFactory.DefaultSettings(Directory));
        builder.AddIdentityHost();
        _app = builder.Build();
    }

    public string Directory { get; }
    public IServiceProvider Services => _app.Services;
    public string DatabasePath => Path.Combine(Directory, "identity.db");

    public async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await CommandLine.RunAsync(_app.Services, args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        TestStore.Drop(Directory);
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
