namespace IdentityHost.Tests.Infrastructure;

/// <summary>A settable clock (FakeTimeProvider is not restorable here): expiry is tested by moving time, not sleeping.</summary>
public sealed class TestClock : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
