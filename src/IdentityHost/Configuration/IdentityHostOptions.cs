namespace IdentityHost.Configuration;

/// <summary>The <c>IdentityHost</c> configuration section. Every default here is documented in the README.</summary>
public sealed class IdentityHostOptions
{
    public const string Section = "IdentityHost";

    /// <summary>The issuer identifier, emitted and compared byte for byte (RFC 8414 §2). Required.</summary>
    public string Issuer { get; set; } = "";

    /// <summary>Apply pending migrations when the server starts.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>Largest form body the protocol endpoints accept, in bytes.</summary>
    public int MaxRequestBodyBytes { get; set; } = 16 * 1024;

    public TokenLifetimeOptions Tokens { get; set; } = new();
    public SigningKeyOptions SigningKeys { get; set; } = new();
    public PasswordHashingOptions PasswordHashing { get; set; } = new();
    public DataProtectionOptions DataProtection { get; set; } = new();
    public RateLimitingOptions RateLimiting { get; set; } = new();
    public PruningOptions Pruning { get; set; } = new();
    public AuditOptions Audit { get; set; } = new();
}

public sealed class TokenLifetimeOptions
{
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);
    public TimeSpan IdentityTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);
    /// <summary>How long a refresh token lives unused; each rotation starts it again.</summary>
    public TimeSpan RefreshTokenSlidingLifetime { get; set; } = TimeSpan.FromDays(14);
    /// <summary>How long a refresh-token family lives at most, however often it is rotated.</summary>
    public TimeSpan RefreshTokenAbsoluteLifetime { get; set; } = TimeSpan.FromDays(90);
    /// <summary>
    /// After a refresh token is redeemed, presenting it again within this window (a client's concurrent refreshes)
    /// fails without revoking the family; later it is treated as theft (RFC 9700 §4.14.2).
    /// </summary>
    public TimeSpan RefreshTokenReuseGrace { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan AuthorizationCodeLifetime { get; set; } = TimeSpan.FromMinutes(5);
}

public sealed class SigningKeyOptions
{
    /// <summary><c>RS256</c> (default) or <c>ES256</c>; the algorithm of generated keys.</summary>
    public string Algorithm { get; set; } = "RS256";
    /// <summary>A PEM (PKCS#8 or PKCS#1/SEC1) or PFX file holding the signing key. Empty: generate and persist one.</summary>
    public string? Path { get; set; }
    /// <summary>The PFX password, or the password of an encrypted PEM.</summary>
    public string? Password { get; set; }

    /// <summary>Generated keys only: schedule the next key when the newest has been signing this long.</summary>
    public bool AutomaticRotation { get; set; } = true;
    /// <summary>How long a generated key signs before the next one takes over.</summary>
    public TimeSpan RotationPeriod { get; set; } = TimeSpan.FromDays(30);
    /// <summary>How long a new key is published before it signs, so resource servers have fetched it by then.</summary>
    public TimeSpan PropagationPeriod { get; set; } = TimeSpan.FromDays(2);
    /// <summary>How long a retired key stays published after it stopped signing: at least the longest token lifetime.</summary>
    public TimeSpan RetentionPeriod { get; set; } = TimeSpan.FromDays(1);
    /// <summary>How often each instance reloads the key set from the database and rotates or removes keys when due.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);
}

public sealed class PasswordHashingOptions
{
    /// <summary>How many password hashes may run at once; 0 means one per processor core.</summary>
    public int MaxConcurrency { get; set; }
    /// <summary>How long a request may wait for a hashing slot before it is answered 503.</summary>
    public TimeSpan QueueTimeout { get; set; } = TimeSpan.FromSeconds(5);
}

public sealed class DataProtectionOptions
{
    /// <summary>Where Data Protection keeps its key ring (which encrypts generated signing keys). Empty: the
    /// framework's default, in the user's profile, outside the working directory.</summary>
    public string? KeysDirectory { get; set; }

    /// <summary>
    /// <c>Database</c> (the IdentityHost database, shared by every instance on it) or <c>FileSystem</c>
    /// (<see cref="KeysDirectory"/>). Empty: <c>FileSystem</c> when a directory is set, otherwise <c>Database</c>.
    /// </summary>
    public string? Store { get; set; }

    public const string DatabaseStore = "Database";
    public const string FileSystemStore = "FileSystem";

    public string EffectiveStore => Store is { Length: > 0 } store ? store
        : string.IsNullOrEmpty(KeysDirectory) ? DatabaseStore : FileSystemStore;
}
