namespace Strata.Engine;

internal sealed record CommandLineOption(string Written, List<string> Values);

/// <summary>
/// Splits arguments into positional targets and <c>--name values…</c> options. As in NUKE, an option may also be written
/// with one dash (<c>-name value</c>); a one-dash word counts as an option only when <paramref name="isOptionName"/>
/// knows it, so values such as a tag suffix <c>-cpu-echo</c> stay values.
/// </summary>
internal sealed record CommandLine(IReadOnlyList<string> Positional, IReadOnlyList<CommandLineOption> Options)
{
    public static CommandLine Parse(IReadOnlyList<string> args, Func<string, bool>? isOptionName = null)
    {
        var positional = new List<string>();
        var options = new List<CommandLineOption>();
        CommandLineOption? current = null;
        foreach (var arg in args)
        {
            var dashes = arg.StartsWith("--", StringComparison.Ordinal) ? 2
                : arg.Length > 1 && arg[0] == '-' && char.IsLetter(arg[1]) && isOptionName?.Invoke(OptionName(arg[1..])) == true ? 1
                : 0;
            if (dashes > 0 && arg.Length > dashes)
            {
                var body = arg[dashes..];
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

    static string OptionName(string body) => body.IndexOf('=') is var equals and >= 0 ? body[..equals] : body;

    public CommandLineOption? Find(string name)
    {
        var matches = Options.Where(option => Names.Match(option.Written, name)).ToList();
        return matches.Count == 0 ? null : new CommandLineOption(matches[0].Written, matches.SelectMany(m => m.Values).ToList());
    }

    public bool Has(string name) => Find(name) is not null;
}
