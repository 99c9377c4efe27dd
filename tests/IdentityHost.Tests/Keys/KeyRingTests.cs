using IdentityHost.Keys;

namespace IdentityHost.Tests.Keys;

/// <summary>The lifecycle rules over stored times, on their own: the same rows and clock give the same state.</summary>
public sealed class KeyRingTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static KeySchedule Key(string kid, long generation, int activatesDay, int? removedDay = null) =>
        new(kid, "RS256", generation, T0, T0.AddDays(activatesDay), removedDay is { } d ? T0.AddDays(d) : null);

    [Fact]
    public void SigningKey_IsTheLatestActivatedNotRemoved_AndSwitchesExactlyAtActivation()
    {
        var ring = new KeyRing([Key("a", 1, 0, removedDay: 33), Key("b", 2, 32)]);

        Assert.Equal("a", ring.SigningKeyAt(T0.AddDays(32).AddTicks(-1))?.KeyId);
        Assert.Equal("b", ring.SigningKeyAt(T0.AddDays(32))?.KeyId);
        Assert.Equal(KeyState.Published, ring.StateAt(ring.Keys.Single(k => k.KeyId == "b"), T0.AddDays(31)));
        Assert.Equal(KeyState.Retired, ring.StateAt(ring.Keys.Single(k => k.KeyId == "a"), T0.AddDays(32)));
        Assert.Equal(KeyState.Removed, ring.StateAt(ring.Keys.Single(k => k.KeyId == "a"), T0.AddDays(33)));
    }

    [Fact]
    public void Published_AreTheKeysNotRemoved_IncludingOnesNotSigningYet()
    {
        var ring = new KeyRing([Key("a", 1, 0, removedDay: 33), Key("b", 2, 32)]);

        Assert.Equal(["b", "a"], ring.PublishedAt(T0.AddDays(31)).Select(k => k.KeyId));
        Assert.Equal(["b"], ring.PublishedAt(T0.AddDays(33)).Select(k => k.KeyId));
        Assert.Equal(T0.AddDays(33), ring.NextRemovalAfter(T0.AddDays(31)));
    }

    [Fact]
    public void RetiredKeyWithoutRemovalTime_IsGivenOne_CountedFromWhenItStoppedSigning()
    {
        // An emergency rotation (c) took over from a; then the key scheduled before it (b) took over from c.
        var ring = new KeyRing([Key("a", 1, 0, removedDay: 11), Key("b", 2, 12), Key("c", 3, 10)]);

        var retired = ring.RetiredWithoutRemovalTime(T0.AddDays(12)).ToList();

        var (key, retiredAt) = Assert.Single(retired);
        Assert.Equal("c", key.KeyId);
        Assert.Equal(T0.AddDays(12), retiredAt);
    }

    [Fact]
    public void RotationDue_IsMeasuredFromTheNewestKeysActivation()
    {
        var ring = new KeyRing([Key("a", 1, 0), Key("b", 2, 32)]);

        Assert.False(ring.IsRotationDue(T0.AddDays(61), TimeSpan.FromDays(30)));
        Assert.True(ring.IsRotationDue(T0.AddDays(62), TimeSpan.FromDays(30)));
    }
}
