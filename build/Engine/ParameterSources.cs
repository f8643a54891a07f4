using System.Text.Json;

namespace Strata.Engine;

internal sealed record RawValue(IReadOnlyList<string> Values, string? Origin);

/// <summary>
/// Parameter values by precedence: command line, environment, profile files (last profile wins), parameters.json.
/// </summary>
internal sealed class ParameterSources
{
    /// <summary>OS variables whose upper-case names collide with likely parameter names (LANG vs Lang).</summary>
    static readonly HashSet<string> SystemVariables =
        ["PATH", "HOME", "USER", "LOGNAME", "SHELL", "TERM", "PWD", "OLDPWD", "LANG", "LANGUAGE", "HOSTNAME", "TMPDIR", "TEMP", "TMP", "SHLVL", "DISPLAY", "EDITOR", "MAIL", "OS"];

    readonly Dictionary<string, RawValue> commandLine;
    readonly Dictionary<string, RawValue> environment;
    readonly List<Dictionary<string, RawValue>> files;

    /// <summary>Target and Skip from the highest-precedence parameters file that sets them.</summary>
    public IReadOnlyList<string>? FileTargets => FileValue("target");
    public IReadOnlyList<string>? FileSkip => FileValue("skip");

    IReadOnlyList<string>? FileValue(string key) =>
        files.Select(file => file.GetValueOrDefault(EngineKeyPrefix + key)).FirstOrDefault(value => value is not null)?.Values;

    const string EngineKeyPrefix = "$engine:";

    ParameterSources(Dictionary<string, RawValue> commandLine, Dictionary<string, RawValue> environment, List<Dictionary<string, RawValue>> files)
    {
        this.commandLine = commandLine;
        this.environment = environment;
        this.files = files;
    }

    public RawValue? Find(ParameterDescriptor parameter)
    {
        var key = Names.Normalize(parameter.Name);
        if (commandLine.TryGetValue(key, out var value) || environment.TryGetValue(key, out value)) return value;
        foreach (var file in files)
            if (file.TryGetValue(key, out value))
                return value;
        return null;
    }

    public static ParameterSources Load(
        CommandLine arguments,
        IReadOnlyDictionary<string, string> environmentVariables,
        string rootDirectory,
        IReadOnlyList<string> profiles,
        IReadOnlyList<ParameterDescriptor> parameters)
    {
        var known = parameters.ToDictionary(p => Names.Normalize(p.Name));
        return new ParameterSources(
            FromCommandLine(arguments, known),
            FromEnvironment(environmentVariables, known),
            FromFiles(rootDirectory, profiles, known));
    }

    static Dictionary<string, RawValue> FromCommandLine(CommandLine arguments, Dictionary<string, ParameterDescriptor> known)
    {
        var values = new Dictionary<string, RawValue>();
        foreach (var option in arguments.Options)
        {
            if (BuiltInParameters.IsBuiltIn(option.Written)) continue;
            var key = Names.Normalize(option.Written);
            if (!known.ContainsKey(key))
                throw new BuildInputException(UnknownParameter(option.Written, known.Values));
            values[key] = values.TryGetValue(key, out var earlier)
                ? new RawValue([.. earlier.Values, .. option.Values], null)
                : new RawValue(option.Values, null);
        }
        return values;
    }

    static string UnknownParameter(string written, IEnumerable<ParameterDescriptor> known)
    {
        var candidates = known.Select(p => p.Option).Concat(BuiltInParameters.All.Select(b => "--" + b.Name));
        var suggestion = Names.Closest(written.TrimStart('-'), candidates.Select(c => c[2..]));
        return suggestion is null
            ? $"unknown parameter '{written}'; run --help to list parameters"
            : $"unknown parameter '{written}'; did you mean --{suggestion}?";
    }

    /// <summary>
    /// Variables named like a parameter in any casing with underscores (<c>BASE_REPO</c>), or with NUKE's prefix
    /// (<c>NUKE_BASE_REPO</c>); the exact member name wins, then the plain name, then the prefixed one. An empty value
    /// unsets the parameter (a bool becomes false), as in NUKE.
    /// </summary>
    static Dictionary<string, RawValue> FromEnvironment(IReadOnlyDictionary<string, string> variables, Dictionary<string, ParameterDescriptor> known)
    {
        const string Prefix = "NUKE_";
        var values = new Dictionary<string, (RawValue Value, int Rank)>();
        var names = variables.Keys.ToArray();
        Array.Sort(names, StringComparer.Ordinal);
        foreach (var name in names)
        {
            var value = variables[name];
            var key = Names.Normalize(name);
            var prefixed = !known.ContainsKey(key) && name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);
            if (prefixed) key = Names.Normalize(name[Prefix.Length..]);
            if (!known.TryGetValue(key, out var parameter)) continue;
            if (!prefixed && SystemVariables.Contains(name) && name != parameter.Name) continue;
            var rank = name == parameter.Name ? 0 : prefixed ? 2 : 1;
            var isUnset = string.IsNullOrWhiteSpace(value);
            if (isUnset && parameter.Type.IsValueType && Nullable.GetUnderlyingType(parameter.Type) is null && !ParameterTypes.IsBool(parameter.Type)) continue;
            if (values.TryGetValue(key, out var earlier) && earlier.Rank <= rank) continue;
            IReadOnlyList<string> items = isUnset
                ? ParameterTypes.IsBool(parameter.Type) ? ["false"] : []
                : parameter.Type.IsArray
                    ? value.Split([' ', ',', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    : [value];
            values[key] = (new RawValue(items, $"environment variable {name}"), rank);
        }
        return values.ToDictionary(pair => pair.Key, pair => pair.Value.Value);
    }

    static List<Dictionary<string, RawValue>> FromFiles(string rootDirectory, IReadOnlyList<string> profiles, Dictionary<string, ParameterDescriptor> known)
    {
        var directory = Path.Combine(rootDirectory, ".nuke");
        var files = new List<Dictionary<string, RawValue>>();
        foreach (var profile in profiles.Reverse())
        {
            var path = Path.Combine(directory, $"parameters.{profile}.json");
            if (!File.Exists(path))
                throw new BuildInputException($"--profile {profile}: {path} not found");
            files.Add(ReadFile(path, known));
        }
        var defaults = Path.Combine(directory, "parameters.json");
        if (File.Exists(defaults)) files.Add(ReadFile(defaults, known));
        return files;
    }

    static Dictionary<string, RawValue> ReadFile(string path, Dictionary<string, ParameterDescriptor> known)
    {
        var text = File.ReadAllText(path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new BuildInputException($"{path}:{(e.LineNumber ?? 0) + 1}: malformed JSON: {FirstSentence(e.Message)}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new BuildInputException($"{path}:1: expected a JSON object of parameter names to values");
            var values = new Dictionary<string, RawValue>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var origin = $"{path}:{LineOf(text, property.Name)}";
                if (property.Name == "$schema") continue;
                var key = Names.Normalize(property.Name);
                if (key is "target" or "skip")
                {
                    values[EngineKeyPrefix + key] = new RawValue(Items(property.Value, origin), origin);
                    continue;
                }
                if (!known.ContainsKey(key))
                    throw new BuildInputException($"{origin}: {UnknownParameter(property.Name, known.Values)}");
                if (property.Value.ValueKind == JsonValueKind.Null) continue;
                values[key] = new RawValue(Items(property.Value, origin), origin);
            }
            return values;
        }
    }

    static IReadOnlyList<string> Items(JsonElement value, string origin) => value.ValueKind switch
    {
        JsonValueKind.Array => value.EnumerateArray().SelectMany(item => Items(item, origin)).ToList(),
        JsonValueKind.String => [value.GetString()!],
        JsonValueKind.Number => [value.GetRawText()],
        JsonValueKind.True => ["true"],
        JsonValueKind.False => ["false"],
        _ => throw new BuildInputException($"{origin}: unsupported value {value.GetRawText()}"),
    };

    static int LineOf(string text, string key)
    {
        var index = text.IndexOf($"\"{key}\"", StringComparison.Ordinal);
        return index < 0 ? 1 : text.AsSpan(0, index).Count('\n') + 1;
    }

    static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut < 0 ? message : message[..cut];
    }
}
