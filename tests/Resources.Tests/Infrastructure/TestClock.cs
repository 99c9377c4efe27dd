namespace Resources.Tests.Infrastructure;

/// <summary>A settable clock for a host (FakeTimeProvider is not restorable here): time is moved, not slept.</summary>
public sealed class TestClock : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
