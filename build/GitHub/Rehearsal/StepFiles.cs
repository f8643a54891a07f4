namespace Strata.GitHub.Rehearsal;

/// <summary>The files the runner gives each step (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_PATH, GITHUB_STEP_SUMMARY) and how they are read back.</summary>
public sealed record StepFiles(string Output, string Env, string Path, string Summary)
{
    public static StepFiles Create(string directory)
    {
        Directory.CreateDirectory(directory);
        var files = new StepFiles(
            System.IO.Path.Combine(directory, "output"),
            System.IO.Path.Combine(directory, "env"),
            System.IO.Path.Combine(directory, "path"),
            System.IO.Path.Combine(directory, "summary.md"));
        foreach (var file in new[] { files.Output, files.Env, files.Path, files.Summary })
            File.WriteAllText(file, "");
        return files;
    }

    public IEnumerable<(string Name, string Value)> Variables =>
    [
        ("GITHUB_OUTPUT", Output), ("GITHUB_ENV", Env), ("GITHUB_PATH", Path), ("GITHUB_STEP_SUMMARY", Summary),
    ];

    /// <summary><c>name=value</c> lines and <c>name&lt;&lt;DELIMITER</c> blocks, as GitHub parses them; later values win.</summary>
    public static IReadOnlyDictionary<string, string> ReadAssignments(string file)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = File.ReadAllText(file).Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0) continue;
            var heredoc = line.IndexOf("<<", StringComparison.Ordinal);
            var equals = line.IndexOf('=');
            if (heredoc > 0 && (equals < 0 || heredoc < equals))
            {
                var name = line[..heredoc];
                var delimiter = line[(heredoc + 2)..];
                var body = new List<string>();
                for (i++; i < lines.Length && lines[i] != delimiter; i++) body.Add(lines[i]);
                if (i >= lines.Length)
                    throw new InvalidDataException($"{file}: '{name}<<{delimiter}' has no closing '{delimiter}' line");
                values[name] = string.Join("\n", body);
            }
            else if (equals > 0) values[line[..equals]] = line[(equals + 1)..];
            else throw new InvalidDataException($"{file}: line '{line}' is neither name=value nor name<<DELIMITER");
        }
        return values;
    }
}
