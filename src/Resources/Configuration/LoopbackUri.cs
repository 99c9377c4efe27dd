namespace Resources.Configuration;

/// <summary>The one exemption from https: an endpoint on the local machine, where nothing sits on the path.</summary>
internal static class LoopbackUri
{
    public static bool IsHttpsOrLoopback(Uri uri) => uri.Scheme == Uri.UriSchemeHttps || uri.IsLoopback;

    public static bool IsPlainHttpLoopback(Uri uri) => uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback;
}
