namespace IdentityHost.Protocol;

/// <summary>Values of the <c>amr</c> claim (RFC 8176 §2; OIDC Core §2).</summary>
public static class AuthenticationMethodReferences
{
    /// <summary>RFC 8176 §2: password-based authentication.</summary>
    public const string Password = "pwd";

    /// <summary>
    /// Signed in through a federated identity provider (GitHub, Google); the <c>idp</c> claim names which. RFC 8176 has
    /// no value for this (its registry is open, §6.1); <c>fed</c> is the one Microsoft Entra ID emits for the same case.
    /// </summary>
    public const string Federated = "fed";
}
