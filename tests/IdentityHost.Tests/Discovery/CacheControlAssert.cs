using System.Net.Http.Headers;

namespace IdentityHost.Tests.Discovery;

public static class CacheControlAssert
{
    /// <summary>
    /// Metadata and keys may be cached by anyone (RFC 9111 §5.2.2.9 <c>public</c>), but only for a while
    /// (§5.2.2.1 <c>max-age</c>), so that a newly published key is picked up.
    /// </summary>
    public static void PubliclyCacheable(CacheControlHeaderValue? cacheControl)
    {
        Assert.NotNull(cacheControl);
        Assert.True(cacheControl.Public, cacheControl.ToString());
        Assert.False(cacheControl.NoStore);
        Assert.NotNull(cacheControl.MaxAge);
        Assert.InRange(cacheControl.MaxAge.Value, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
    }
}
