using System.Security.Cryptography;
using IdentityHost.Endpoints.Token;
using IdentityHost.Protocol;

namespace IdentityHost.Tests.Token;

/// <summary>The remembered-success cache of client secrets never accepts what PBKDF2 would refuse.</summary>
public sealed class ClientSecretVerifierTests : IDisposable
{
    private readonly ClientSecretVerifier _verifier = new();
    private readonly RandomNumberGenerator _random = RandomNumberGenerator.Create();

    [Fact]
    public void RightSecret_IsAccepted_AgainAndAgain()
    {
        var stored = SecretHasher.Hash("right-secret", _random);

        Assert.True(_verifier.Verify("right-secret", stored));
        Assert.True(_verifier.Verify("right-secret", stored));
    }

    [Fact]
    public void WrongSecret_IsRefused_EvenAfterTheRightOneWasRemembered()
    {
        var stored = SecretHasher.Hash("right-secret", _random);
        _verifier.Verify("right-secret", stored);

        Assert.False(_verifier.Verify("wrong-secret", stored));
    }

    [Fact]
    public void RememberedSecret_StopsWorkingWhenTheStoredHashChanges()
    {
        // A rotated secret: the old value was remembered against the old hash only.
        var old = SecretHasher.Hash("old-secret", _random);
        _verifier.Verify("old-secret", old);
        var rotated = SecretHasher.Hash("new-secret", _random);

        Assert.False(_verifier.Verify("old-secret", rotated));
        Assert.True(_verifier.Verify("new-secret", rotated));
    }

    public void Dispose()
    {
        _verifier.Dispose();
        _random.Dispose();
    }
}
