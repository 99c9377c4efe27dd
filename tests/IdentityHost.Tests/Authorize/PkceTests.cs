using IdentityHost.Protocol;

namespace IdentityHost.Tests.Authorize;

/// <summary>RFC 7636 rules, with the test vector of Appendix B.</summary>
public sealed class PkceTests
{
    private const string AppendixBVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private const string AppendixBChallenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    [Fact]
    public void Verify_AcceptsTheRfc7636AppendixBVector() => Assert.True(Pkce.Verify(AppendixBVerifier, AppendixBChallenge));

    [Fact]
    public void Verify_RejectsAnotherVerifier() => Assert.False(Pkce.Verify(AppendixBVerifier[..^1] + "Y", AppendixBChallenge));

    [Fact]
    public void Verify_RejectsTheChallengeUsedAsVerifier() => Assert.False(Pkce.Verify(AppendixBChallenge, AppendixBChallenge));

    [Theory]
    [InlineData(AppendixBVerifier, true)]
    [InlineData("short", false)]
    [InlineData("abc~._-0123456789012345678901234567890123456789", true)]
    [InlineData("has space 0123456789012345678901234567890123456", false)]
    public void VerifierFormat(string verifier, bool wellFormed) => Assert.Equal(wellFormed, Pkce.IsWellFormedVerifier(verifier));

    [Fact]
    public void VerifierOf129Characters_IsMalformed() => Assert.False(Pkce.IsWellFormedVerifier(new string('a', 129)));

    [Fact]
    public void ChallengeFormat()
    {
        Assert.True(Pkce.IsWellFormedChallenge(AppendixBChallenge));
        Assert.False(Pkce.IsWellFormedChallenge(AppendixBChallenge + "A"));
        Assert.False(Pkce.IsWellFormedChallenge(AppendixBChallenge.Replace('-', '+')));
    }
}
