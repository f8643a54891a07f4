namespace Strata.Matrix.Changes;

/// <summary>
/// What a repository's change rules file says (<c>.github/backend-rules.yaml</c>): where each backend's sources live,
/// which Dockerfile kinds build on another lang's base, and which entries a changed file selects. Read by
/// <see cref="ChangeRulesFile"/>; evaluated by <see cref="ChangeSelection"/>. Nothing about any one repository's
/// layout lives in code: a repository without a rules file gets <see cref="None"/>.
/// </summary>
public sealed record ChangeRules(
    string FilePath,
    IReadOnlyDictionary<string, string> BaseLangs,
    IReadOnlyList<SourceDirRule> LinuxSourceDirs,
    IReadOnlyList<SourceDirRule> DarwinSourceDirs,
    IReadOnlyList<FollowRule> Follows,
    string DarwinDefaultLang,
    IReadOnlyList<ChangeRule> Rules)
{
    /// <summary>No rules: every kind builds on the base of its own name, no entry has a source dir, no file selects anything.</summary>
    public static ChangeRules None(string filePath) =>
        new(filePath, new Dictionary<string, string>(), [], [], [], "", []);

    /// <summary>The rule <paramref name="builtin"/> when the file lists it.</summary>
    public ChangeRule? Find(BuiltinRule builtin) => Rules.FirstOrDefault(rule => rule.Builtin == builtin);

    /// <summary>The lang whose base a linux entry builds on: its Dockerfile kind, or what <c>base-langs</c> maps it to.</summary>
    public string? BaseLangOf(BackendEntry entry) =>
        Langs.KindOf(entry.Dockerfile) is { } kind ? BaseLangs.GetValueOrDefault(kind, kind) : null;

    /// <summary>A darwin entry's lang: its <c>lang</c> field, else <c>darwin-default-lang</c>.</summary>
    public string DarwinLangOf(BackendEntry entry) => entry.Lang.Length > 0 ? entry.Lang : DarwinDefaultLang;

    /// <summary>The entry's own <c>source-dir</c>, else the first source-dir rule of its section that matches; null when none does.</summary>
    public string? SourceDirOf(BackendEntry entry)
    {
        if (entry.SourceDir.Length > 0)
            return AsDirectory(entry.SourceDir);
        var linux = entry.Section == MatrixSection.Linux;
        var key = linux ? Langs.KindOf(entry.Dockerfile) ?? "" : DarwinLangOf(entry);
        foreach (var rule in linux ? LinuxSourceDirs : DarwinSourceDirs)
            if (rule.Matches(entry.Backend, key))
                return AsDirectory(rule.Expand(entry.Backend, key));
        return null;
    }

    static string AsDirectory(string dir)
    {
        var trimmed = dir.StartsWith("./", StringComparison.Ordinal) ? dir[2..] : dir;
        return trimmed.EndsWith('/') ? trimmed : trimmed + "/";
    }
}

/// <summary>
/// One <c>source-dirs</c> mapping: entries of these Dockerfile kinds (linux) or langs (darwin) and/or backends have
/// their sources in <see cref="Template"/> (<c>{backend}</c>, <c>{kind}</c> on linux, <c>{lang}</c> on darwin).
/// An empty set matches every value.
/// </summary>
public sealed record SourceDirRule(int Line, IReadOnlySet<string> Keys, IReadOnlySet<string> Backends, string Template)
{
    public const string BackendPlaceholder = "{backend}";
    public const string KindPlaceholder = "{kind}";

    public bool Matches(string backend, string key) =>
        (Keys.Count == 0 || Keys.Contains(key)) && (Backends.Count == 0 || Backends.Contains(backend));

    public string Expand(string backend, string key) => Template
        .Replace(BackendPlaceholder, backend, StringComparison.Ordinal)
        .Replace(KindPlaceholder, key, StringComparison.Ordinal)
        .Replace(PathPattern.LangPlaceholder, key, StringComparison.Ordinal);
}

/// <summary>
/// Directories outside a backend's own that it is built from too (a fork that wraps another backend's sources):
/// a change there sets the backend's changed flag and, when <see cref="SelectsEntries"/>, selects its entries.
/// </summary>
public sealed record FollowRule(int Line, string Backend, IReadOnlyList<string> Dirs, bool SelectsEntries);

/// <summary>Rules whose match is computed from data the tool already has rather than from path patterns.</summary>
public enum BuiltinRule
{
    /// <summary>A file under an entry's source dir (or a followed dir) selects that entry.</summary>
    SourceDirs,
    /// <summary>A consumer Dockerfile selects exactly the linux entries built from it.</summary>
    DockerfileKind,
    /// <summary>The matrix file selects the entries that are new or whose fields changed since the base revision.</summary>
    MatrixEdit,
}

/// <summary>
/// One entry of <c>rules:</c>. A changed file is classified by the first rule that matches it (file order); the rule
/// then selects <see cref="Linux"/> and <see cref="Darwin"/> entries.
/// </summary>
public sealed record ChangeRule(int Line, BuiltinRule? Builtin, IReadOnlyList<PathPattern> Patterns, EntrySelector Linux, EntrySelector Darwin)
{
    public static readonly IReadOnlyDictionary<string, BuiltinRule> BuiltinNames = new Dictionary<string, BuiltinRule>(StringComparer.Ordinal)
    {
        ["source-dirs"] = BuiltinRule.SourceDirs,
        ["dockerfile-kind"] = BuiltinRule.DockerfileKind,
        ["matrix-edit"] = BuiltinRule.MatrixEdit,
    };

    /// <summary>How reports name the rule: the builtin's name, or its patterns.</summary>
    public string Description => Builtin is { } builtin
        ? BuiltinNames.First(pair => pair.Value == builtin).Key
        : string.Join(", ", Patterns.Select(pattern => pattern.Text));
}

/// <summary>
/// Which entries of one section a rule selects: everything, nothing, or the union of entries by base lang, by
/// Dockerfile kind, by backend name, and base canaries (one entry per base stem) of some langs or of all of them.
/// A lang written <c>{lang}</c> is the lang the matching path bound.
/// </summary>
public sealed record EntrySelector(
    bool Everything,
    IReadOnlySet<string> Langs,
    IReadOnlySet<string> Kinds,
    IReadOnlySet<string> Backends,
    bool AllCanaries,
    IReadOnlySet<string> CanaryLangs)
{
    static readonly IReadOnlySet<string> Empty = new HashSet<string>();

    public static readonly EntrySelector Nothing = new(false, Empty, Empty, Empty, false, Empty);
    public static readonly EntrySelector All = Nothing with { Everything = true };

    public bool SelectsNothing => !Everything && !AllCanaries && Langs.Count == 0 && Kinds.Count == 0 && Backends.Count == 0 && CanaryLangs.Count == 0;
    public bool HasCanaries => AllCanaries || CanaryLangs.Count > 0;
    public bool UsesBoundLang => Langs.Contains(PathPattern.LangPlaceholder) || CanaryLangs.Contains(PathPattern.LangPlaceholder);
}
