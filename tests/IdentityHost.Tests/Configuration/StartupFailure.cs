using IdentityHost.Hosting;
using IdentityHost.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;

namespace IdentityHost.Tests.Configuration;

/// <summary>
/// Starts the host the way Program.cs composes it (<c>AddIdentityHost</c>, <c>MapIdentityHost</c>) on a test
/// server with a factory's settings and folder, and returns what it says when it refuses to start: the messages of
/// the exception and all its inner ones.
/// </summary>
/// <remarks>
/// Not through <c>factory.CreateClient()</c>: when the app fails to start, WebApplicationFactory races the app's
/// own disposal (its DeferredHost asks the already disposed container for IHostApplicationLifetime) and sometimes
/// reports an ObjectDisposedException instead of the start-up error.
/// </remarks>
public static class StartupFailure
{
    public static async Task<string> OfAsync(IdentityHostFactory factory)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = factory.Directory });
        builder.WebHost.UseTestServer();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(factory.Settings);
        builder.AddIdentityHost();
        await using var app = builder.Build();
        app.MapIdentityHost();

        var exception = await Record.ExceptionAsync(() => app.StartAsync());

        Assert.True(exception is not null, "the host started, but it should have refused to");
        return string.Join(" | ", Flatten(exception).Select(e => e.Message));
    }

    private static IEnumerable<Exception> Flatten(Exception exception)
    {
        yield return exception;
        IEnumerable<Exception> inner = exception switch
        {
            AggregateException aggregate => aggregate.InnerExceptions,
            { InnerException: { } one } => [one],
            _ => [],
        };
        foreach (var e in inner.SelectMany(Flatten)) yield return e;
    }
}
