// Test classes each start a Kestrel test issuer and a WebApplicationFactory host. WebApplicationFactory finds the
// host it starts by listening to process-wide hosting diagnostics; running classes one at a time keeps an issuer
// being built in one class from ever being mistaken for the Resources host of another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
