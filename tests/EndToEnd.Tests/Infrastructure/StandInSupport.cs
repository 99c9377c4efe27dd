using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

// The linked stand-ins (tests/IdentityHost.Tests/Infrastructure/StandIns) use this one helper of IdentityHost.Tests;
// it is repeated here rather than linking that project's whole test infrastructure.
namespace IdentityHost.Tests.Infrastructure;

public static class CodeFlowClients
{
    /// <summary>The PKCE S256 challenge of a verifier (RFC 7636 §4.2).</summary>
    public static string Challenge(string verifier) => WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
}
