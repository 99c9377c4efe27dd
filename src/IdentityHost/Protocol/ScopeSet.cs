namespace IdentityHost.Protocol;

/// <summary>
/// Parses and formats the space-delimited <c>scope</c> parameter (RFC 6749 §3.3): order-free, case-sensitive,
/// each token limited to the characters <c>%x21 / %x23-5B / %x5D-7E</c>.
/// </summary>
public static class ScopeSet
{
    public static bool TryParse(string? value, out IReadOnlySet<string> scopes)
    {
        var set = new SortedSet<string>(StringComparer.Ordinal);
        scopes = set;
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }

        foreach (var token in value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!token.All(IsScopeChar))
            {
                return false;
            }
            set.Add(token);
        }
        return true;
    }

    public static string Format(IEnumerable<string> scopes) => string.Join(' ', scopes.Order(StringComparer.Ordinal));

    private static bool IsScopeChar(char c) => c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
}
