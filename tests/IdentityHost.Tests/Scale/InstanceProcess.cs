using System.Diagnostics;
using System.Text;

namespace IdentityHost.Tests.Scale;

/// <summary>
/// The built IdentityHost binary run as an operator runs an instance: its own process, Kestrel on a loopback port,
/// settings from environment variables. Killed on dispose.
/// </summary>
public sealed class InstanceProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private InstanceProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    public int Port { get; }
    public HttpClient Client { get; }
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>Starts the server and waits until <c>/healthz</c> answers 200 (migrated, keys loaded).</summary>
    public static async Task<InstanceProcess> StartAsync(string directory, int port, IReadOnlyDictionary<string, string> environment)
    {
        var start = Start(directory, environment, []);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        var instance = new InstanceProcess(Process.Start(start)!, port);
        instance._process.OutputDataReceived += (_, e) => instance.Append(e.Data);
        instance._process.ErrorDataReceived += (_, e) => instance.Append(e.Data);
        instance._process.BeginOutputReadLine();
        instance._process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            Assert.False(instance._process.HasExited, $"the instance on port {port} exited: {instance.Output}");
            try
            {
                if ((await instance.Client.GetAsync("/healthz")).IsSuccessStatusCode) return instance;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200);
        }
        await instance.DisposeAsync();
        throw new TimeoutException($"the instance on port {port} did not become healthy: {instance.Output}");
    }

    /// <summary>Runs a command-line verb with the same settings, as an operator would on any instance.</summary>
    public static async Task RunVerbAsync(string directory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var process = Process.Start(Start(directory, environment, args))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"'{string.Join(' ', args)}' exited {process.ExitCode}: {await output} {await error}");
    }

    private static ProcessStartInfo Start(string directory, IReadOnlyDictionary<string, string> environment, string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "IdentityHost.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        return start;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
