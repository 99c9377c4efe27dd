namespace Resources.Tests.Infrastructure;

/// <summary>
/// One test issuer and one Resources host with its own SQLite file, shared by the tests of a class.
/// Tests must not assume the store is empty.
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();

    public TestIssuer Issuer { get; private set; } = null!;

    public ResourcesFactory Factory { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public string DatabasePath => _directory.File("resources.db");

    public async Task InitializeAsync()
    {
        Issuer = await TestIssuer.StartAsync();
        Factory = new ResourcesFactory(Issuer.Issuer, DatabasePath);
        Client = Factory.CreateClient();
    }

    /// <summary>Another host on the same database file and issuer, e.g. to prove data survives a restart.</summary>
    public ResourcesFactory CreateFactory(IReadOnlyDictionary<string, string?>? settings = null) =>
        new(Issuer.Issuer, DatabasePath, settings);

    /// <summary>A host with its own empty database file, for tests that need different settings.</summary>
    public ResourcesFactory CreateIsolatedFactory(IReadOnlyDictionary<string, string?>? settings = null) =>
        new(Issuer.Issuer, _directory.File($"isolated-{Guid.NewGuid():N}.db"), settings);

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await Issuer.DisposeAsync();
        _directory.Dispose();
    }
}
