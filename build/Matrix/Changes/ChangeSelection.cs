namespace Strata.Matrix.Changes;

/// <summary>What the change rules need besides the matrix and the changed files.</summary>
public sealed record ChangeContext
{
    /// <summary>The matrix file relative to the repository root; null when it lies outside (the matrix-edit rule never fires).</summary>
    public string? MatrixPath { get; init; }
    /// <summary>The matrix at the base revision; null when it could not be read (the matrix-edit rule then selects everything).</summary>
    public BackendMatrix? PreviousMatrix { get; init; }
    /// <summary>Why <see cref="PreviousMatrix"/> is missing, for the report.</summary>
    public string? PreviousMatrixProblem { get; init; }
}

/// <summary>One rule that classified at least one changed file: how many files, and how many entries it selected.</summary>
public sealed record RuleFiring(ChangeRule Rule, string RulesFile, int Files, int LinuxEntries, int DarwinEntries, string? Note = null)
{
    public override string ToString() =>
        $"{RulesFile}:{Rule.Line} {Rule.Description}: {Files} file(s) → {LinuxEntries} linux, {DarwinEntries} darwin entries" +
        (Note is null ? "" : $" ({Note})");
}

/// <summary>The outcome of applying the change rules: which entries build, which backends' sources changed, and why.</summary>
public sealed record ChangeSelectionResult(
    IReadOnlyList<int> Linux,
    IReadOnlyList<int> Darwin,
    IReadOnlySet<string> ChangedBackends,
    IReadOnlyList<RuleFiring> Firings,
    int UnclassifiedFiles);

/// <summary>
/// Applies change rules to a set of changed files. Each file is classified by the first rule (in file order) that
/// matches it; the selections of every rule that classified a file are united. Base canaries are one entry per
/// base stem of the named langs (the first in matrix order), so a recipe change builds each flavour once.
/// Pure and linear in entries × fired rules plus files × rules.
/// </summary>
public static class ChangeSelection
{
    public static ChangeSelectionResult Select(
        BackendMatrix matrix, IReadOnlyList<string?> baseLangs, IReadOnlyList<string?> stems,
        ChangeRules rules, IEnumerable<string> changedFiles, ChangeContext context)
    {
        var index = new EntryIndex(matrix, rules);
        var perRule = new Dictionary<ChangeRule, Accumulator>();
        var changedBackends = new HashSet<string>(StringComparer.Ordinal);
        var unclassified = 0;

        foreach (var file in changedFiles.Select(Normalize).Where(path => path.Length > 0).Distinct(StringComparer.Ordinal))
        {
            var classified = false;
            foreach (var rule in rules.Rules)
            {
                if (!TryClassify(rule, file, index, context, changedBackends, out var selection))
                    continue;
                if (!perRule.TryGetValue(rule, out var accumulator))
                    perRule[rule] = accumulator = new Accumulator();
                accumulator.Files++;
                accumulator.Add(selection);
                classified = true;
                break;
            }
            if (!classified)
                unclassified++;
        }

        var linux = new SortedSet<int>();
        var darwin = new SortedSet<int>();
        var firings = new List<RuleFiring>();
        foreach (var rule in rules.Rules)
        {
            if (!perRule.TryGetValue(rule, out var accumulator))
                continue;
            var (ruleLinux, ruleDarwin) = accumulator.Resolve(matrix, rules, baseLangs, stems);
            linux.UnionWith(ruleLinux);
            darwin.UnionWith(ruleDarwin);
            var note = rule.Builtin == BuiltinRule.MatrixEdit && context.PreviousMatrix is null
                ? $"previous matrix unavailable{(context.PreviousMatrixProblem is { } problem ? $": {problem}" : "")}; every entry selected"
                : null;
            firings.Add(new RuleFiring(rule, rules.FilePath, accumulator.Files, ruleLinux.Count, ruleDarwin.Count, note));
        }
        return new ChangeSelectionResult(linux.ToList(), darwin.ToList(), changedBackends, firings, unclassified);
    }

    /// <summary>What one file selects when <paramref name="rule"/> matches it.</summary>
    sealed record FileSelection(
        IEnumerable<int> Linux, IEnumerable<int> Darwin, (EntrySelector Linux, EntrySelector Darwin, string? Lang)? Selectors = null);

    static bool TryClassify(ChangeRule rule, string file, EntryIndex index, ChangeContext context,
        HashSet<string> changedBackends, out FileSelection selection)
    {
        selection = new FileSelection([], []);
        switch (rule.Builtin)
        {
            case BuiltinRule.SourceDirs:
            {
                var linux = new List<int>();
                var darwin = new List<int>();
                var matched = false;
                foreach (var directory in DirectoriesOf(file))
                {
                    if (index.LinuxByDir.TryGetValue(directory, out var linuxHits)) { linux.AddRange(linuxHits); matched = true; }
                    if (index.DarwinByDir.TryGetValue(directory, out var darwinHits)) { darwin.AddRange(darwinHits); matched = true; }
                    if (index.FlagBackendsByDir.TryGetValue(directory, out var flagged)) { changedBackends.UnionWith(flagged); matched = true; }
                    if (index.FollowsByDir.TryGetValue(directory, out var follows))
                    {
                        matched = true;
                        foreach (var follow in follows)
                        {
                            changedBackends.Add(follow.Backend);
                            if (!follow.SelectsEntries)
                                continue;
                            linux.AddRange(index.LinuxByBackend.GetValueOrDefault(follow.Backend, []));
                            darwin.AddRange(index.DarwinByBackend.GetValueOrDefault(follow.Backend, []));
                        }
                    }
                }
                selection = new FileSelection(linux, darwin);
                return matched;
            }
            case BuiltinRule.DockerfileKind:
            {
                if (!index.LinuxByDockerfile.TryGetValue(file, out var entries))
                    return false;
                selection = new FileSelection(entries, []);
                return true;
            }
            case BuiltinRule.MatrixEdit:
            {
                if (context.MatrixPath is null || file != context.MatrixPath)
                    return false;
                var matrix = index.Matrix;
                if (context.PreviousMatrix is not { } previous)
                {
                    selection = new FileSelection(Enumerable.Range(0, matrix.Linux.Count), Enumerable.Range(0, matrix.Darwin.Count));
                    return true;
                }
                var changedLinux = MatrixEdits.Changed(matrix.Linux, previous.Linux);
                var changedDarwin = MatrixEdits.Changed(matrix.Darwin, previous.Darwin);
                selection = new FileSelection(
                    Enumerable.Range(0, matrix.Linux.Count).Where(i => changedLinux.Contains(matrix.Linux[i])),
                    Enumerable.Range(0, matrix.Darwin.Count).Where(i => changedDarwin.Contains(matrix.Darwin[i])));
                return true;
            }
            default:
                foreach (var pattern in rule.Patterns)
                {
                    if (!pattern.Matches(file, out var lang))
                        continue;
                    selection = new FileSelection([], [], (rule.Linux, rule.Darwin, lang));
                    return true;
                }
                return false;
        }
    }

    /// <summary>Every directory above <paramref name="file"/>, each ending with '/'.</summary>
    static IEnumerable<string> DirectoriesOf(string file)
    {
        for (var slash = file.IndexOf('/'); slash >= 0; slash = file.IndexOf('/', slash + 1))
            yield return file[..(slash + 1)];
    }

    static string Normalize(string path)
    {
        var trimmed = path.Trim().Replace('\\', '/');
        return trimmed.StartsWith("./", StringComparison.Ordinal) ? trimmed[2..] : trimmed;
    }

    /// <summary>What one rule selected over all the files it classified; selectors are evaluated once per bound lang.</summary>
    sealed class Accumulator
    {
        readonly HashSet<int> linux = [];
        readonly HashSet<int> darwin = [];
        readonly HashSet<(EntrySelector Linux, EntrySelector Darwin, string? Lang)> selectors = [];
        public int Files;

        public void Add(FileSelection selection)
        {
            linux.UnionWith(selection.Linux);
            darwin.UnionWith(selection.Darwin);
            if (selection.Selectors is { } selectorsOfFile)
                selectors.Add(selectorsOfFile);
        }

        public (IReadOnlySet<int> Linux, IReadOnlySet<int> Darwin) Resolve(
            BackendMatrix matrix, ChangeRules rules, IReadOnlyList<string?> baseLangs, IReadOnlyList<string?> stems)
        {
            foreach (var (linuxSelector, darwinSelector, lang) in selectors)
            {
                var canaryStems = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < matrix.Linux.Count; i++)
                {
                    var entry = matrix.Linux[i];
                    if (Selects(linuxSelector, lang, baseLangs[i], Langs.KindOf(entry.Dockerfile), entry.Backend)
                        || IsCanary(linuxSelector, lang, baseLangs[i], stems[i], canaryStems))
                        linux.Add(i);
                }
                for (var i = 0; i < matrix.Darwin.Count; i++)
                {
                    var entry = matrix.Darwin[i];
                    if (Selects(darwinSelector, lang, rules.DarwinLangOf(entry), kind: null, entry.Backend))
                        darwin.Add(i);
                }
            }
            return (linux, darwin);
        }

        static bool Selects(EntrySelector selector, string? boundLang, string? lang, string? kind, string backend) =>
            selector.Everything
            || (lang is not null && Contains(selector.Langs, lang, boundLang))
            || (kind is not null && selector.Kinds.Contains(kind))
            || selector.Backends.Contains(backend);

        /// <summary>The first entry of each stem of a canaried lang; entries without a base are never canaries.</summary>
        static bool IsCanary(EntrySelector selector, string? boundLang, string? lang, string? stem, HashSet<string> canaryStems) =>
            selector.HasCanaries && stem is not null && lang is not null
            && (selector.AllCanaries || Contains(selector.CanaryLangs, lang, boundLang))
            && canaryStems.Add(stem);

        static bool Contains(IReadOnlySet<string> langs, string lang, string? boundLang) =>
            langs.Contains(lang) || (boundLang is not null && boundLang == lang && langs.Contains(PathPattern.LangPlaceholder));
    }

    /// <summary>Lookups from a directory, a Dockerfile or a backend to entries, built once per selection.</summary>
    sealed class EntryIndex
    {
        public BackendMatrix Matrix { get; }
        public Dictionary<string, List<int>> LinuxByDir { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, List<int>> DarwinByDir { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, List<int>> LinuxByDockerfile { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, List<int>> LinuxByBackend { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, List<int>> DarwinByBackend { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, List<string>> FlagBackendsByDir { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, List<FollowRule>> FollowsByDir { get; } = new(StringComparer.Ordinal);

        public EntryIndex(BackendMatrix matrix, ChangeRules rules)
        {
            Matrix = matrix;
            for (var i = 0; i < matrix.Linux.Count; i++)
            {
                var entry = matrix.Linux[i];
                if (rules.SourceDirOf(entry) is { } dir)
                    Add(LinuxByDir, dir, i);
                if (entry.Dockerfile.Length > 0)
                    Add(LinuxByDockerfile, Normalize(entry.Dockerfile), i);
                Add(LinuxByBackend, entry.Backend, i);
            }
            for (var i = 0; i < matrix.Darwin.Count; i++)
            {
                var entry = matrix.Darwin[i];
                if (rules.SourceDirOf(entry) is { } dir)
                    Add(DarwinByDir, dir, i);
                Add(DarwinByBackend, entry.Backend, i);
            }
            foreach (var flag in BackendSourceDirs.Of(matrix, rules))
                Add(FlagBackendsByDir, flag.Value, flag.Key);
            foreach (var follow in rules.Follows)
                foreach (var dir in follow.Dirs)
                    Add(FollowsByDir, dir, follow);
        }

        static void Add<T>(Dictionary<string, List<T>> index, string key, T value)
        {
            if (!index.TryGetValue(key, out var list))
                index[key] = list = [];
            list.Add(value);
        }
    }
}
