using Resources.Hosting;

var builder = ResourcesHost.CreateBuilder(args);
builder.AddResources();

var app = builder.Build();
app.MapResources();

await app.RunAsync();
