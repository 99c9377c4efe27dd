using System.Text;
using IdentityHost.Protocol;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace IdentityHost.Endpoints.Shared;

/// <summary>
/// Reads a protocol POST (RFC 6749 §3.2: <c>application/x-www-form-urlencoded</c>, UTF-8) into single-valued
/// parameters, turning every malformed input into <c>invalid_request</c> rather than an exception.
/// </summary>
public static class FormRequestReader
{
    private const int MaxParameters = 64;
    // Far above any legitimate value (our tokens are under 2 KB, redirect URIs and scopes shorter still), far below
    // the body limit: an oversized value is refused here rather than carried into lookups, hashing and logs.
    public const int MaxParameterLength = 4096;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static async Task<(ProtocolParameters? Parameters, OAuthError? Error)> ReadAsync(HttpRequest request, int maxBytes,
        CancellationToken cancellationToken, bool rejectDuplicates = true)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return (null, OAuthError.InvalidRequest("The request must be a POST with Content-Type application/x-www-form-urlencoded."));
        }
        if (contentType.Charset.HasValue && !contentType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return (null, OAuthError.InvalidRequest("The request body must be encoded as UTF-8."));
        }

        var tooLarge = OAuthError.InvalidRequest($"The request body is larger than {maxBytes} bytes.");
        if (request.ContentLength > maxBytes)
        {
            return (null, tooLarge);
        }

        string body;
        try
        {
            var buffer = new byte[maxBytes + 1];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
            {
                length += read;
            }
            if (length > maxBytes)
            {
                return (null, tooLarge);
            }
            body = StrictUtf8.GetString(buffer, 0, length);
        }
        catch (DecoderFallbackException)
        {
            return (null, OAuthError.InvalidRequest("The request body is not valid UTF-8."));
        }
        catch (BadHttpRequestException)
        {
            return (null, OAuthError.InvalidRequest("The request body could not be read."));
        }

        Dictionary<string, StringValues> form;
        try
        {
            // Lengths are checked below, where the answer can say which parameter is too long.
            using var reader = new FormReader(body) { ValueCountLimit = MaxParameters, KeyLengthLimit = int.MaxValue, ValueLengthLimit = int.MaxValue };
            form = reader.ReadForm();
        }
        catch (InvalidDataException)
        {
            return (null, OAuthError.InvalidRequest($"The request has more than {MaxParameters} parameters."));
        }

        if (form.FirstOrDefault(p => p.Key.Length > MaxParameterLength || p.Value.Any(v => v?.Length > MaxParameterLength)) is { Key: { } tooLong })
        {
            // The name is echoed only when it is a reasonable one.
            var which = tooLong.Length > MaxParameterLength ? "A parameter" : $"The '{tooLong}' parameter";
            return (null, OAuthError.InvalidRequest($"{which} is longer than {MaxParameterLength} characters."));
        }

        var parameters = ProtocolParameters.From(form);
        // RFC 6749 §3.1, §3.2: parameters MUST NOT be included more than once.
        if (rejectDuplicates && parameters.FirstDuplicate is { } duplicate)
        {
            return (null, OAuthError.InvalidRequest($"The '{duplicate}' parameter is included more than once."));
        }
        return (parameters, null);
    }
}

/// <summary>The single-valued parameters of a protocol request, and which names were repeated.</summary>
public sealed class ProtocolParameters
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _duplicated = new(StringComparer.Ordinal);

    public static ProtocolParameters From(IEnumerable<KeyValuePair<string, StringValues>> pairs)
    {
        var parameters = new ProtocolParameters();
        foreach (var (name, value) in pairs)
        {
            if (value.Count > 1)
            {
                parameters._duplicated.Add(name);
                parameters.FirstDuplicate ??= name;
            }
            // RFC 6749 §3.1: parameters sent without a value MUST be treated as if they were omitted.
            else if (!string.IsNullOrEmpty(value[0]))
            {
                parameters._values[name] = value[0]!;
            }
        }
        return parameters;
    }

    public string? this[string name] => _values.GetValueOrDefault(name);

    /// <summary>The names of the parameters that have a single value.</summary>
    public IEnumerable<string> Names => _values.Keys;

    /// <summary>A repeated parameter's name, if any (it has no value here: which one was meant is unknowable).</summary>
    public string? FirstDuplicate { get; private set; }

    public bool IsDuplicated(string name) => _duplicated.Contains(name);
}
