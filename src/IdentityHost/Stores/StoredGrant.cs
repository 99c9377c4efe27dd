using IdentityHost.Accounts;

namespace IdentityHost.Stores;

/// <summary>A stored code or refresh token, its authorization (the family) and the user it was issued to, when they
/// still exist. Read without tracking.</summary>
public sealed record StoredGrant(TokenEntity Token, AuthorizationEntity? Authorization, ApplicationUser? User);
