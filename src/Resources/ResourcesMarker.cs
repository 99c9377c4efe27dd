namespace Resources;

/// <summary>
/// Names this assembly for <c>WebApplicationFactory&lt;T&gt;</c>. Both hosts have a top-level <c>Program</c>,
/// so tests that start both need a type that is unique to each.
/// </summary>
public sealed class ResourcesMarker
{
    private ResourcesMarker()
    {
    }
}
