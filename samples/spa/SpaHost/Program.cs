using SpaHost;

// Content root is the output folder: the SPA's files and the root appsettings.json are copied there.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
    WebRootPath = SpaEndpoints.Folder,
});
builder.AddSpaHost();

var app = builder.Build();
app.MapSpaHost();
await app.RunAsync();
