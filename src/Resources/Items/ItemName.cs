namespace Resources.Items;

/// <summary>The rule for an item's name: trimmed, then 1 to <see cref="MaxLength"/> characters.</summary>
public static class ItemName
{
    public const int MaxLength = 200;

    /// <summary>Returns the normalized name, or an error message when the name breaks the rule.</summary>
    public static bool TryNormalize(string? raw, out string name, out string? error)
    {
        name = raw?.Trim() ?? string.Empty;

        if (name.Length == 0)
        {
            error = "The name is required and must not be blank.";
            return false;
        }

        if (name.Length > MaxLength)
        {
            error = $"The name must be at most {MaxLength} characters.";
            return false;
        }

        error = null;
        return true;
    }
}
