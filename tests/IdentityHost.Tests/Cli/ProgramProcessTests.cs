using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace IdentityHost.Tests.Cli;

/// <summary>
/// The built server binary run as an operator runs it (DESIGN.md §2): proves Program.cs routes a verb to the
/// command line instead of starting the server, reads settings from environment variables, and sets the exit code.
/// </summary>
public sealed class ProgramProcessTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "identityhost-tests", Guid.NewGuid().ToString("N"));

    public ProgramProcessTests() => Directory.CreateDirectory(_directory);

    [Fact]
    public async Task BuiltBinary_UsersVerbs_ExitZeroOnSuccessAndNonZeroWithOneLineOnFailure()
    {
        var added = await RunAsync("users", "add", "proc-user", "--password", "Passw0rd!", "--email", "proc@example.com");
        var duplicate = await RunAsync("users", "add", "proc-user", "--password", "Passw0rd!");
        var listed = await RunAsync("users", "list");

        added.AssertSucceeded();
        Assert.Contains(added.OutputLines, l => l.Contains("proc-user"));
        duplicate.AssertFailedWithOneLine();
        listed.AssertSucceeded();
        Assert.Contains(listed.OutputLines, l => l.StartsWith("proc-user\t", StringComparison.Ordinal));
        // The settings came from the environment: the database is where ConnectionStrings__Identity points.
        Assert.True(File.Exists(DatabasePath));
    }

    [Fact]
    public async Task BuiltBinary_InvalidConfiguration_ExitsNonZeroNamingTheSetting()
    {
        var result = await RunWithAsync(new() { ["IdentityHost__Issuer"] = "http://idp.example.com" }, "users", "list");

        Assert.Contains("IdentityHost:Issuer", result.AssertFailedWithOneLine());
    }

    private string DatabasePath => Path.Combine(_directory, "identity.db");

    private Task<CliResult> RunAsync(params string[] args) => RunWithAsync([], args);

    private async Task<CliResult> RunWithAsync(Dictionary<string, string> overrides, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "IdentityHost.dll");
        Assert.True(File.Exists(dll), $"{dll} is not next to the tests");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _directory,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["ConnectionStrings__Identity"] = $"Data Source={DatabasePath}";
        start.Environment["IdentityHost__Issuer"] = "http://localhost:5000";
        start.Environment["IdentityHost__DataProtection__KeysDirectory"] = Path.Combine(_directory, "dp-keys");
        foreach (var (key, value) in overrides) start.Environment[key] = value;

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"'{string.Join(' ', args)}' did not exit within {Timeout}; it may have started the server");
        }
        return new CliResult(process.ExitCode, await output, await error);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
