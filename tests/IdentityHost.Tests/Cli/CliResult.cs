using IdentityHost.Cli;
using IdentityHost.Tests.Infrastructure;

namespace IdentityHost.Tests.Cli;

/// <summary>What a verb wrote and returned.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    public string[] OutputLines => Lines(Output);
    public string[] ErrorLines => Lines(Error);

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>DESIGN.md §2: success is exit code 0.</summary>
    public void AssertSucceeded()
    {
        Assert.True(ExitCode == 0, $"exit code {ExitCode}; stderr: {Error}");
        Assert.Empty(ErrorLines);
    }

    /// <summary>DESIGN.md §2: failure is a non-zero exit code with a one-line reason.</summary>
    public string AssertFailedWithOneLine()
    {
        Assert.NotEqual(0, ExitCode);
        var line = Assert.Single(ErrorLines);
        Assert.StartsWith("error:", line);
        return line;
    }
}

public static class CommandLineRunner
{
    /// <summary>Runs a verb in-process against the factory's services, as Program.cs does for a verb.</summary>
    public static async Task<CliResult> RunVerbAsync(this IdentityHostFactory factory, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await CommandLine.RunAsync(factory.Services, args, output, error);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}
