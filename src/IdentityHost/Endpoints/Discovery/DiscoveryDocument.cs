using IdentityHost.Configuration;
using IdentityHost.Keys;
using IdentityHost.Tokens;
using Microsoft.Extensions.Options;

namespace IdentityHost.Endpoints.Discovery;

/// <summary>
/// The discovery and JWKS documents as ready UTF-8 bytes: built once, and again only when the published key set
/// changes (it is the only input that can change while the server runs).
/// </summary>
public sealed class DiscoveryDocument(IOptions<IdentityHostOptions> options, ScopeCatalog scopes, SigningKeyManager keys)
{
    private sealed record Built(string KeySet, byte[] Metadata, byte[] Jwks);

    private Built? _built;

    public byte[] Current => Get().Metadata;

    public byte[] Jwks => Get().Jwks;

    private Built Get()
    {
        var keySet = keys.JwksJson;
        var built = _built;
        if (built is null || !ReferenceEquals(built.KeySet, keySet))
        {
            built = new Built(keySet, DiscoveryEndpoints.Build(options.Value.Issuer, scopes, keys), System.Text.Encoding.UTF8.GetBytes(keySet));
            _built = built;
        }
        return built;
    }
}
