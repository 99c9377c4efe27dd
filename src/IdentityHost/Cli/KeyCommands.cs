using IdentityHost.Configuration;
using IdentityHost.Keys;
using Microsoft.Extensions.Options;

namespace IdentityHost.Cli;

/// <summary>
/// <c>keys list|rotate|revoke</c> on the generated keys in the database (README: Signing keys). Running instances
/// pick a change up within their <c>CheckInterval</c>. An operator-supplied key file is rotated by replacing the file.
/// </summary>
public sealed class KeyCommands(SigningKeyLifecycle lifecycle, IOptions<IdentityHostOptions> options, TimeProvider time, TextWriter output)
{
    public async Task<int> RunAsync(string[] args)
    {
        var arguments = new CliArguments(args, "now");
        var action = arguments.Required(0, "keys action (list, rotate, revoke)");
        if (action is "rotate" or "revoke" && !string.IsNullOrEmpty(options.Value.SigningKeys.Path))
        {
            throw new CliException("the signing key is the file in IdentityHost:SigningKeys:Path; replace the file and restart to rotate it");
        }
        switch (action)
        {
            case "list": await ListAsync(); break;
            case "rotate": await RotateAsync(arguments.Flag("now")); break;
            case "revoke": await RevokeAsync(arguments.Required(1, "key id (kid)")); break;
            default: throw new CliException($"unknown keys action '{action}'");
        }
        return 0;
    }

    private async Task ListAsync()
    {
        if (options.Value.SigningKeys.Path is { Length: > 0 } path)
        {
            await output.WriteLineAsync($"the signing key is the file {path} (not rotated automatically)");
            return;
        }
        var now = time.GetUtcNow().UtcDateTime;
        var ring = await lifecycle.ListAsync(CancellationToken.None);
        await output.WriteLineAsync("kid\talgorithm\tstate\tcreated\tactivates\tretires\tpublished-until");
        foreach (var key in ring.Keys)
        {
            await output.WriteLineAsync(string.Join('\t', key.KeyId, key.Algorithm, ring.StateAt(key, now).ToString().ToLowerInvariant(),
                Time(key.CreatedAt), Time(key.ActivatesAt), Time(ring.RetiresAt(key)), Time(key.RemovedAt)));
        }
    }

    private async Task RotateAsync(bool immediately)
    {
        var created = await lifecycle.RotateAsync(immediately, CancellationToken.None);
        await output.WriteLineAsync(immediately
            ? $"key {created.KeyId} created; it signs now (the previous key stays published for the retention period)"
            : $"key {created.KeyId} created and published; it signs from {Time(created.ActivatesAt)}");
    }

    private async Task RevokeAsync(string keyId)
    {
        var change = await lifecycle.RevokeAsync(keyId, CancellationToken.None) ?? throw new CliException($"key '{keyId}' does not exist");
        var replacement = change.KeyId == keyId ? "" : $"; key {change.KeyId} signs now";
        await output.WriteLineAsync($"key {keyId} revoked: removed from the JWKS, tokens it signed no longer validate{replacement}");
    }

    private static string Time(DateTime? value) => value is { } time ? SigningKeyLifecycle.Format(time) : "-";
}
