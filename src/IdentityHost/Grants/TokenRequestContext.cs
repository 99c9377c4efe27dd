using IdentityHost.Endpoints.Shared;
using IdentityHost.Protocol;
using IdentityHost.Stores;
using IdentityHost.Tokens;

namespace IdentityHost.Grants;

/// <summary>What the token endpoint has established before a grant handler runs.</summary>
/// <param name="RequestedScopes">The parsed <c>scope</c> parameter, or null when it was not sent.</param>
public sealed record TokenRequestContext(
    HttpContext HttpContext,
    ProtocolParameters Parameters,
    ClientEntity Client,
    IReadOnlySet<string>? RequestedScopes);

/// <summary>A grant's answer: the tokens to return, or a protocol error.</summary>
public sealed record GrantResult(TokenResponse? Response, OAuthError? Error)
{
    public static GrantResult Success(TokenResponse response) => new(response, null);
    public static implicit operator GrantResult(OAuthError error) => new(null, error);
}

/// <summary>One handler per <c>grant_type</c>; it owns its rules and ignores parameters it does not use.</summary>
public interface IGrantHandler
{
    string GrantType { get; }
    Task<GrantResult> HandleAsync(TokenRequestContext context, CancellationToken cancellationToken);
}
