namespace Strata.Engine;

internal sealed record CommandLineOption(string Written, List<string> Values);

/// <summary>Splits arguments into positional targets and <c>--name values…</c> options.</summary>
internal sealed record CommandLine(IReadOnlyList<string> Positional, IReadOnlyList<CommandLineOption> Options)
{
    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var positional = new List<string>();
        var options = new List<CommandLineOption>();
        CommandLineOption? current = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Length > 2)
            {
                var body = arg[2..];
                var equals = body.IndexOf('=');
                current = new CommandLineOption("--" + (equals < 0 ? body : body[..equals]), []);
                if (equals >= 0) current.Values.Add(body[(equals + 1)..]);
                options.Add(current);
            }
            else if (arg is "-h" or "-?")
            {
                current = new CommandLineOption("--help", []);
                options.Add(current);
            }
            else if (current is not null) current.Values.Add(arg);
            else positional.Add(arg);
        }
        return new CommandLine(positional, options);
    }

    public CommandLineOption? Find(string name)
    {
        var matches = Options.Where(option => Names.Match(option.Written, name)).ToList();
        return matches.Count == 0 ? null : new CommandLineOption(matches[0].Written, matches.SelectMany(m => m.Values).ToList());
    }

    public bool Has(string name) => Find(name) is not null;
}
