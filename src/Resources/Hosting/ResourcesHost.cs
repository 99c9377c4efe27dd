namespace Resources.Hosting;

/// <summary>Creates the web application builder for the resource API.</summary>
public static class ResourcesHost
{
    /// <summary>
    /// Creates a builder whose content root is the output folder, because the one settings file a user edits
    /// (the repository root's appsettings.json) is copied there at build time, whatever the working directory is.
    /// Under WebApplicationFactory this wins over the factory's own content root (passed as <c>--contentRoot</c>,
    /// which the builder options override), so tests load the same file; HostingTests checks it.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string[] args) =>
        WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
}
