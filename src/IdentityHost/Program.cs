using IdentityHost.Cli;
using IdentityHost.Hosting;

// The root appsettings.json is copied next to the binaries; the content root is there so both hosts read it.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
var verb = CommandLine.IsVerb(args);
if (verb)
{
    // A verb's output is its answer: only warnings and errors are logged, and to standard error.
    builder.Logging.ClearProviders().AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
        .AddFilter((_, level) => level >= LogLevel.Warning);
}
builder.AddIdentityHost();

var app = builder.Build();
if (verb)
{
    return await CommandLine.RunAsync(app.Services, args, Console.Out, Console.Error);
}

app.MapIdentityHost();
await app.RunAsync();
return 0;
