using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

// Physical limits of this machine for the operations the token endpoint is made of, on all cores at once.
// Usage: Limits [--seconds S] [--threads N] [--client-secret-iterations I]
// Prints one JSON object on standard output; progress goes to standard error.
var seconds = 3.0;
var threads = Environment.ProcessorCount;
var clientSecretIterations = 10_000; // IdentityHost's SecretHasher.DefaultIterations (PBKDF2-SHA256).
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--seconds": seconds = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--threads": threads = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--client-secret-iterations": clientSecretIterations = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
    }
}

// What a signer signs: base64url(header).base64url(payload) of a typical access token (~600 bytes).
var signingInput = Encoding.ASCII.GetBytes(
    "eyJhbGciOiJSUzI1NiIsImtpZCI6ImJlbmNoIiwidHlwIjoiYXQrand0In0." + new string('x', 540));

using var rsa = RSA.Create(2048);
var rsaSignature = rsa.SignData(signingInput, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
var rsaParameters = rsa.ExportParameters(includePrivateParameters: true);
using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
var ecParameters = ec.ExportParameters(includePrivateParameters: true);

// ASP.NET Core Identity's default hasher (v3: PBKDF2-HMAC-SHA512, the framework's default iteration count).
var hasherOptions = new PasswordHasherOptions();
var hasher = new PasswordHasher<object>(Options.Create(hasherOptions));
const string password = "Bench-Passw0rd!";
var storedPassword = hasher.HashPassword(new object(), password);

var secretSalt = RandomNumberGenerator.GetBytes(16);
var secretBytes = Encoding.UTF8.GetBytes("bench-client-secret-0123456789");

var results = new Dictionary<string, object>
{
    ["threads"] = threads,
    ["seconds_per_limit"] = seconds,
    ["identity_hasher"] = new Dictionary<string, object>
    {
        ["compatibility_mode"] = hasherOptions.CompatibilityMode.ToString(),
        ["iterations"] = hasherOptions.IterationCount,
        ["prf"] = "HMACSHA512",
    },
    ["client_secret_iterations"] = clientSecretIterations,
};

results["rs256_sign_per_s"] = Measure("RS256 sign (RSA-2048)", () =>
{
    var key = RSA.Create();
    key.ImportParameters(rsaParameters);
    return () => key.SignData(signingInput, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
});
results["rs256_verify_per_s"] = Measure("RS256 verify (RSA-2048)", () =>
{
    var key = RSA.Create();
    key.ImportParameters(rsaParameters);
    return () =>
    {
        if (!key.VerifyData(signingInput, rsaSignature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            throw new InvalidOperationException("RS256 signature did not verify");
        }
    };
});
results["es256_sign_per_s"] = Measure("ES256 sign (P-256)", () =>
{
    var key = ECDsa.Create(ecParameters);
    return () => key.SignData(signingInput, HashAlgorithmName.SHA256);
});
results["pbkdf2_identity_verify_per_s"] = Measure("PBKDF2 verify (Identity PasswordHasher v3)", () => () =>
{
    if (hasher.VerifyHashedPassword(new object(), storedPassword, password) != PasswordVerificationResult.Success)
    {
        throw new InvalidOperationException("password did not verify");
    }
});
results["pbkdf2_client_secret_verify_per_s"] = Measure($"PBKDF2-SHA256 x{clientSecretIterations} (client secret)", () => () =>
    Rfc2898DeriveBytes.Pbkdf2(secretBytes, secretSalt, clientSecretIterations, HashAlgorithmName.SHA256, 32));

Console.WriteLine(JsonSerializer.Serialize(results));
return 0;

// Runs one worker per thread for the given time; each worker gets its own state (keys are not shared).
double Measure(string name, Func<Action> makeWorker)
{
    // Warm up once on this thread (JIT, OpenSSL initialisation).
    var warm = makeWorker();
    for (var i = 0; i < 3; i++) warm();

    long total = 0;
    var deadline = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
    var start = Stopwatch.GetTimestamp();
    Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
    {
        var work = makeWorker();
        long count = 0;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            work();
            count++;
        }
        Interlocked.Add(ref total, count);
    });
    var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
    var rate = Math.Round(total / elapsed, 1);
    Console.Error.WriteLine($"  limit  {name,-48} {rate,12:F1} /s  ({threads} threads)");
    return rate;
}
