namespace IdentityHost.Cli;

/// <summary>Positional words and <c>--name value</c> options of a verb; a repeated option collects values.</summary>
public sealed class CliArguments
{
    private readonly Dictionary<string, List<string>> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags;

    public CliArguments(IEnumerable<string> args, params string[] flags)
    {
        _flags = new HashSet<string>(flags, StringComparer.Ordinal);
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var arg = e.Current;
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                Positional.Add(arg);
                continue;
            }
            var name = arg[2..];
            if (_flags.Contains(name))
            {
                Add(name, "true");
                continue;
            }
            if (!e.MoveNext())
            {
                throw new CliException($"option --{name} needs a value");
            }
            Add(name, e.Current);
        }
    }

    public List<string> Positional { get; } = [];

    public string? Option(string name) => _options.TryGetValue(name, out var values) ? values[^1] : null;

    public IReadOnlyList<string> Options(string name) => _options.TryGetValue(name, out var values) ? values : [];

    public bool Flag(string name) => _options.ContainsKey(name);

    public string Required(int position, string what) =>
        position < Positional.Count ? Positional[position] : throw new CliException($"missing {what}");

    public string RequiredOption(string name) => Option(name) ?? throw new CliException($"missing --{name}");

    private void Add(string name, string value)
    {
        if (!_options.TryGetValue(name, out var values)) _options[name] = values = [];
        values.Add(value);
    }
}

/// <summary>A verb failed in a way the operator can fix; its message is the one line printed.</summary>
public sealed class CliException(string message) : Exception(message);
