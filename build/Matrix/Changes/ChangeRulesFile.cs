using Strata.Matrix.Yaml;

namespace Strata.Matrix.Changes;

/// <summary>
/// Reads and validates a change rules file. Every problem is reported as <c>file:line: what, and what is valid</c>;
/// the first one stops the load, so nothing is derived from a half-understood file.
/// </summary>
public static class ChangeRulesFile
{
    const string BaseLangsKey = "base-langs";
    const string DarwinDefaultLangKey = "darwin-default-lang";
    const string SourceDirsKey = "source-dirs";
    const string RulesKey = "rules";
    static readonly string[] TopLevelKeys = [BaseLangsKey, DarwinDefaultLangKey, SourceDirsKey, RulesKey];
    static readonly string[] SourceDirsKeys = ["linux", "darwin", "follow"];
    static readonly string[] SelectorKeys = ["all", "none", "langs", "kinds", "backends", "canaries"];

    /// <param name="basesDirectory">The recipe folder relative to the repository root, for <c>{bases-dir}</c>.</param>
    public static ChangeRules Load(string path, string basesDirectory)
    {
        if (!File.Exists(path))
            throw new ChangeRulesException(path, 0, "change rules file not found");
        return Parse(File.ReadAllText(path), path, basesDirectory);
    }

    public static ChangeRules Parse(string yaml, string path, string basesDirectory)
    {
        YamlTreeNode? root;
        try
        {
            root = YamlTree.Parse(yaml);
        }
        catch (YamlSyntaxException e)
        {
            throw new ChangeRulesException(path, e.Line, $"invalid YAML: {e.Message}");
        }
        return root is null ? ChangeRules.None(path) : new Reader(path, basesDirectory).Read(root);
    }

    sealed class Reader(string path, string basesDirectory)
    {
        public ChangeRules Read(YamlTreeNode root)
        {
            if (root is YamlTreeScalar { Value: null or "" })
                return ChangeRules.None(path);
            var top = Mapping(root, "the change rules file", TopLevelKeys);
            var baseLangs = new Dictionary<string, string>(StringComparer.Ordinal);
            if (top.GetValueOrDefault(BaseLangsKey) is { } baseLangsNode)
                foreach (var (kind, lang) in Mapping(baseLangsNode, BaseLangsKey, null))
                    baseLangs[kind] = Name(lang, $"{BaseLangsKey}.{kind}");

            var darwinDefaultLang = top.GetValueOrDefault(DarwinDefaultLangKey) is { } defaultLangNode
                ? Scalar(defaultLangNode, DarwinDefaultLangKey)
                : "";

            IReadOnlyList<SourceDirRule> linuxDirs = [], darwinDirs = [];
            IReadOnlyList<FollowRule> follows = [];
            if (top.GetValueOrDefault(SourceDirsKey) is { } sourceDirsNode)
            {
                var sourceDirs = Mapping(sourceDirsNode, SourceDirsKey, SourceDirsKeys);
                if (sourceDirs.GetValueOrDefault("linux") is { } linux)
                    linuxDirs = SourceDirRules(linux, "linux", "kind", [SourceDirRule.BackendPlaceholder, SourceDirRule.KindPlaceholder]);
                if (sourceDirs.GetValueOrDefault("darwin") is { } darwin)
                    darwinDirs = SourceDirRules(darwin, "darwin", "lang", [SourceDirRule.BackendPlaceholder, PathPattern.LangPlaceholder]);
                if (sourceDirs.GetValueOrDefault("follow") is { } follow)
                    follows = FollowRules(follow);
            }

            var rules = top.GetValueOrDefault(RulesKey) is { } rulesNode ? Rules(rulesNode) : [];
            return new ChangeRules(path, baseLangs, linuxDirs, darwinDirs, follows, darwinDefaultLang, rules);
        }

        List<SourceDirRule> SourceDirRules(YamlTreeNode node, string section, string keyName, string[] placeholders)
        {
            var rules = new List<SourceDirRule>();
            foreach (var item in Sequence(node, $"{SourceDirsKey}.{section}"))
            {
                var fields = Mapping(item, $"a {SourceDirsKey}.{section} mapping", [keyName, "backend", "dir"]);
                var dir = Scalar(Required(fields, "dir", item, $"a {SourceDirsKey}.{section} mapping"), "dir");
                CheckDirectory(fields["dir"], dir, placeholders);
                rules.Add(new SourceDirRule(LineOf(item),
                    fields.GetValueOrDefault(keyName) is { } keys ? Names(keys, keyName, allowEmpty: section == "darwin") : new HashSet<string>(),
                    fields.GetValueOrDefault("backend") is { } backends ? Names(backends, "backend") : new HashSet<string>(),
                    dir));
            }
            return rules;
        }

        List<FollowRule> FollowRules(YamlTreeNode node)
        {
            var rules = new List<FollowRule>();
            foreach (var item in Sequence(node, $"{SourceDirsKey}.follow"))
            {
                var fields = Mapping(item, $"a {SourceDirsKey}.follow mapping", ["backend", "dirs", "entries"]);
                var backend = Name(Required(fields, "backend", item, "a follow mapping"), "backend");
                var dirsNode = Required(fields, "dirs", item, "a follow mapping");
                var dirs = ScalarList(dirsNode, "dirs");
                foreach (var dir in dirs)
                    CheckDirectory(dirsNode, dir, []);
                var entries = fields.GetValueOrDefault("entries") is not { } entriesNode || Boolean(entriesNode, "entries");
                rules.Add(new FollowRule(LineOf(item), backend, dirs.Select(AsDirectory).ToList(), entries));
            }
            return rules;
        }

        List<ChangeRule> Rules(YamlTreeNode node)
        {
            var rules = new List<ChangeRule>();
            var builtins = new Dictionary<BuiltinRule, int>();
            foreach (var item in Sequence(node, RulesKey))
            {
                var fields = Mapping(item, "a rule", ["paths", "builtin", "linux", "darwin"]);
                var line = LineOf(item);
                if (fields.GetValueOrDefault("builtin") is { } builtinNode)
                {
                    if (fields.ContainsKey("paths") || fields.ContainsKey("linux") || fields.ContainsKey("darwin"))
                        throw Problem(item, "a builtin rule decides its own selection: it takes no paths, linux or darwin");
                    var name = Scalar(builtinNode, "builtin");
                    if (!ChangeRule.BuiltinNames.TryGetValue(name, out var builtin))
                        throw Problem(builtinNode, $"unknown builtin rule '{name}'; valid values: {string.Join(", ", ChangeRule.BuiltinNames.Keys)}");
                    if (!builtins.TryAdd(builtin, line))
                        throw Problem(builtinNode, $"builtin rule '{name}' is already listed at line {builtins[builtin]}");
                    rules.Add(new ChangeRule(line, builtin, [], EntrySelector.Nothing, EntrySelector.Nothing));
                    continue;
                }

                var pathsNode = Required(fields, "paths", item, "a rule (or 'builtin:')");
                var patterns = new List<PathPattern>();
                foreach (var text in ScalarList(pathsNode, "paths"))
                    patterns.Add(PathPattern.TryCreate(text, basesDirectory, out var problem) ?? throw Problem(pathsNode, problem!));
                if (!fields.ContainsKey("linux") && !fields.ContainsKey("darwin"))
                    throw Problem(item, "a rule names what it selects: give 'linux:' and/or 'darwin:' (all, none, or a mapping of langs, kinds, backends, canaries)");
                var linux = fields.GetValueOrDefault("linux") is { } linuxNode ? Selector(linuxNode, darwin: false) : EntrySelector.Nothing;
                var darwin = fields.GetValueOrDefault("darwin") is { } darwinNode ? Selector(darwinNode, darwin: true) : EntrySelector.Nothing;
                if ((linux.UsesBoundLang || darwin.UsesBoundLang) && patterns.FirstOrDefault(pattern => !pattern.BindsLang) is { } unbound)
                    throw Problem(pathsNode, $"the selectors use {PathPattern.LangPlaceholder} but pattern '{unbound.Text}' does not bind it");
                rules.Add(new ChangeRule(line, null, patterns, linux, darwin));
            }
            return rules;
        }

        EntrySelector Selector(YamlTreeNode node, bool darwin)
        {
            var section = darwin ? "darwin" : "linux";
            if (node is YamlTreeScalar scalar)
                return scalar.Value switch
                {
                    "all" => EntrySelector.All,
                    "none" => EntrySelector.Nothing,
                    _ => throw Problem(node, $"unknown selector '{scalar.Value}' for {section}; valid: all, none, or a mapping with langs, kinds, backends, canaries"),
                };
            if (node is not YamlTreeMapping mapping)
                throw Problem(node, $"{section}: expected all, none, or a mapping with langs, kinds, backends, canaries");

            var selector = EntrySelector.Nothing;
            foreach (var (keyNode, value) in mapping.Entries)
            {
                var key = keyNode.Value;
                if (darwin && key is "kinds" or "canaries")
                    throw Problem(keyNode, $"selector '{key}' does not apply to darwin entries (they have no Dockerfile and no base); valid for darwin: all, none, langs, backends");
                selector = key switch
                {
                    "langs" => selector with { Langs = Names(value, key, allowPlaceholder: true) },
                    "kinds" => selector with { Kinds = Names(value, key) },
                    "backends" => selector with { Backends = Names(value, key) },
                    "canaries" => value is YamlTreeScalar { Value: "all" }
                        ? selector with { AllCanaries = true }
                        : selector with { CanaryLangs = Names(value, key, allowPlaceholder: true) },
                    _ => throw Problem(keyNode, $"unknown selector '{key}' for {section}; valid: {string.Join(", ", darwin ? ["all", "none", "langs", "backends"] : SelectorKeys)}"),
                };
            }
            if (selector.SelectsNothing)
                throw Problem(node, $"{section}: the selector is empty; write 'none' to select nothing on purpose");
            return selector;
        }

        void CheckDirectory(YamlTreeNode node, string dir, string[] placeholders)
        {
            var trimmed = dir.StartsWith("./", StringComparison.Ordinal) ? dir[2..] : dir;
            if (trimmed.Length == 0 || trimmed.StartsWith('/') || trimmed.Contains('\\') || trimmed.Split('/').Contains(".."))
                throw Problem(node, $"'{dir}' is not a directory inside the repository (write it relative to the repository root, with '/')");
            foreach (var placeholder in PathPattern.Placeholders(trimmed))
                if (!placeholders.Contains(placeholder))
                    throw Problem(node, $"'{dir}': unknown placeholder {placeholder}" +
                        (placeholders.Length > 0 ? $" (valid here: {string.Join(", ", placeholders)})" : " (no placeholders here)"));
        }

        static string AsDirectory(string dir)
        {
            var trimmed = dir.StartsWith("./", StringComparison.Ordinal) ? dir[2..] : dir;
            return trimmed.EndsWith('/') ? trimmed : trimmed + "/";
        }

        Dictionary<string, YamlTreeNode> Mapping(YamlTreeNode node, string what, string[]? validKeys)
        {
            if (node is not YamlTreeMapping mapping)
                throw Problem(node, $"{what}: expected a mapping");
            var result = new Dictionary<string, YamlTreeNode>(StringComparer.Ordinal);
            foreach (var (keyNode, value) in mapping.Entries)
            {
                var key = keyNode.Value;
                if (validKeys is not null && !validKeys.Contains(key))
                    throw Problem(keyNode, $"unknown key '{key}' in {what}; valid keys: {string.Join(", ", validKeys)}");
                if (!result.TryAdd(key, value))
                    throw Problem(keyNode, $"'{key}' appears twice in {what}");
            }
            return result;
        }

        IEnumerable<YamlTreeNode> Sequence(YamlTreeNode node, string what) =>
            (node as YamlTreeSequence)?.Items ?? throw Problem(node, $"{what}: expected a list");

        YamlTreeNode Required(Dictionary<string, YamlTreeNode> fields, string key, YamlTreeNode owner, string what) =>
            fields.GetValueOrDefault(key) ?? throw Problem(owner, $"{what} needs '{key}:'");

        string Scalar(YamlTreeNode node, string what) =>
            node is YamlTreeScalar { Value: { } value } ? value : throw Problem(node, $"{what}: expected a single value");

        bool Boolean(YamlTreeNode node, string what) => Scalar(node, what) switch
        {
            "true" => true,
            "false" => false,
            var other => throw Problem(node, $"{what}: '{other}' is not true or false"),
        };

        string Name(YamlTreeNode node, string what)
        {
            var value = Scalar(node, what);
            if (value.Length == 0)
                throw Problem(node, $"{what}: expected a name, got an empty value");
            return value;
        }

        List<string> ScalarList(YamlTreeNode node, string what) => node switch
        {
            YamlTreeScalar => [Scalar(node, what)],
            YamlTreeSequence sequence when sequence.Items.Count > 0 => sequence.Items.Select(child => Scalar(child, what)).ToList(),
            _ => throw Problem(node, $"{what}: expected a value or a non-empty list of values"),
        };

        HashSet<string> Names(YamlTreeNode node, string what, bool allowEmpty = false, bool allowPlaceholder = false)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var name in ScalarList(node, what))
            {
                if (name.Length == 0 && !allowEmpty)
                    throw Problem(node, $"{what}: an empty name");
                if (name.Contains('{') && !(allowPlaceholder && name == PathPattern.LangPlaceholder))
                    throw Problem(node, $"{what}: '{name}' is not a name" + (allowPlaceholder ? $" (the only placeholder here is {PathPattern.LangPlaceholder})" : ""));
                names.Add(name);
            }
            return names;
        }

        ChangeRulesException Problem(YamlTreeNode node, string message) => new(path, LineOf(node), message);

        static int LineOf(YamlTreeNode node) => node.Line;
    }
}
