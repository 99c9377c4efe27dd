namespace SpaHost;

/// <summary>Names this assembly for <c>WebApplicationFactory&lt;T&gt;</c> next to the other hosts' markers.</summary>
public sealed class SpaHostMarker
{
    private SpaHostMarker()
    {
    }
}
