namespace Strata.Matrix;

/// <summary>
/// Rejects data the original script would have turned into a wrong build: missing identity fields, two entries
/// publishing the same tag for the same platform, unknown platforms, non-numeric versions, CUDA build types
/// without a CUDA version, and values that are unsafe in an image tag or a shell word.
/// </summary>
static class MatrixValidation
{
    const string TagCharacters = "letters, digits, '.', '_', '-'";
    const string PathCharacters = "letters, digits, '.', '_', '-', '/'";
    const string ImageCharacters = "letters, digits, '.', '_', '-', '/', ':', '@'";
    const string ValueCharacters = "letters, digits, space, '.', '_', '-', '/', ':', ',', '@', '+', '='";

    public static IEnumerable<MatrixProblem> Validate(BackendMatrix matrix)
    {
        var problems = new List<MatrixProblem>();
        foreach (var entry in matrix.Linux)
            ValidateLinux(entry, problems);
        foreach (var entry in matrix.Darwin)
            ValidateDarwin(entry, problems);
        FindDuplicateTagSuffixes(matrix.Linux, problems);
        FindLegConflicts(matrix.Linux, problems);
        return problems.OrderBy(p => p.Line);
    }

    static void ValidateLinux(BackendEntry entry, List<MatrixProblem> problems)
    {
        Require(entry, FieldNames.Backend, problems);
        Require(entry, FieldNames.Dockerfile, problems);
        Require(entry, FieldNames.TagSuffix, problems);

        foreach (var platform in entry.Get(FieldNames.Platforms).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            if (!Platforms.Valid.Contains(platform))
                problems.Add(MatrixProblem.For(entry, FieldNames.Platforms,
                    $"unknown platform '{platform}' (valid: {string.Join(", ", Platforms.Valid)}, or a comma list of them)"));

        foreach (var field in new[] { FieldNames.UbuntuVersion, FieldNames.CudaMajorVersion, FieldNames.CudaMinorVersion })
            if (entry.Get(field) is { Length: > 0 } value && !value.All(char.IsAsciiDigit))
                problems.Add(MatrixProblem.For(entry, field, $"{field} '{value}' is not a number (e.g. {(field == FieldNames.UbuntuVersion ? "2404" : "12")})"));

        if (BuildTypes.NeedsCuda(entry.BuildType))
            foreach (var field in new[] { FieldNames.CudaMajorVersion, FieldNames.CudaMinorVersion })
                if (entry.Get(field).Length == 0)
                    problems.Add(MatrixProblem.For(entry, field,
                        $"build-type '{entry.BuildType}' needs {field} (both cuda-major-version and cuda-minor-version, e.g. \"12\" and \"8\")"));

        CheckCharacters(entry, problems);
    }

    static void ValidateDarwin(BackendEntry entry, List<MatrixProblem> problems)
    {
        Require(entry, FieldNames.Backend, problems);
        Require(entry, FieldNames.TagSuffix, problems);
        CheckCharacters(entry, problems);
    }

    static void Require(BackendEntry entry, string field, List<MatrixProblem> problems)
    {
        if (entry.Get(field).Length == 0)
            problems.Add(MatrixProblem.For(entry, field, $"missing {field} (required for every {(entry.Section == MatrixSection.Linux ? "linux" : "darwin")} entry)"));
    }

    static void CheckCharacters(BackendEntry entry, List<MatrixProblem> problems)
    {
        foreach (var field in entry.Fields)
        {
            if (field.Name.Length == 0 || !field.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                problems.Add(new MatrixProblem(entry.FilePath, field.Line, entry.DisplayName,
                    $"field name '{field.Name}' is not usable as a matrix key (allowed: letters, digits, '-', '_')"));
            var (allowed, description) = field.Name switch
            {
                FieldNames.TagSuffix or FieldNames.Backend or FieldNames.BuildType or FieldNames.Lang
                    or FieldNames.UbuntuVersion or FieldNames.CudaMajorVersion or FieldNames.CudaMinorVersion
                    => ((Func<char, bool>)IsTagCharacter, TagCharacters),
                FieldNames.Dockerfile or FieldNames.Context or FieldNames.SourceDir => (IsPathCharacter, PathCharacters),
                FieldNames.BaseImage => (IsImageCharacter, ImageCharacters),
                _ => (IsValueCharacter, ValueCharacters),
            };
            var bad = field.Value.FirstOrDefault(c => !allowed(c));
            if (bad != default)
                problems.Add(new MatrixProblem(entry.FilePath, field.Line, entry.TagSuffix.Length > 0 && field.Name != FieldNames.TagSuffix ? entry.DisplayName : Unnamed(entry),
                    $"{field.Name} contains {Describe(bad)}, unsafe in an image tag or shell word (allowed: {description})"));
        }

        if (entry.Get(FieldNames.SkipDrivers) is { Length: > 0 } skip && skip is not ("true" or "false"))
            problems.Add(MatrixProblem.For(entry, FieldNames.SkipDrivers, $"skip-drivers '{skip}' is not a boolean (valid: true, false)"));
    }

    /// <summary>Entries may share a tag-suffix only when they build different platforms (per-arch split jobs).</summary>
    static void FindDuplicateTagSuffixes(IReadOnlyList<BackendEntry> linux, List<MatrixProblem> problems)
    {
        var owners = new Dictionary<(string TagSuffix, string Platform), BackendEntry>();
        foreach (var entry in linux)
        {
            if (entry.TagSuffix.Length == 0)
                continue;
            foreach (var platform in entry.Platforms)
            {
                if (owners.TryAdd((entry.TagSuffix, platform), entry))
                    continue;
                var first = owners[(entry.TagSuffix, platform)];
                problems.Add(MatrixProblem.For(entry, FieldNames.TagSuffix,
                    $"duplicate tag-suffix: the entry at line {first.Line} already publishes it for {platform} (entries may share a tag-suffix only when they build different platforms)"));
                break;
            }
        }
    }

    /// <summary>
    /// The legs of one tag-suffix publish one image: each needs its own platform tag (it names the leg and its cache),
    /// and all must build on the same base flavour, or the merged image would mix two bases.
    /// </summary>
    static void FindLegConflicts(IReadOnlyList<BackendEntry> linux, List<MatrixProblem> problems)
    {
        var split = Rows.SplitTagSuffixes(linux);
        var firstLeg = new Dictionary<string, BackendEntry>(StringComparer.Ordinal);
        var platformTags = new Dictionary<(string TagSuffix, string PlatformTag), BackendEntry>();
        foreach (var entry in linux.Where(entry => split.Contains(entry.TagSuffix)))
        {
            var platformTag = Rows.PlatformTagOf(entry, isLeg: true)!;
            if (!platformTags.TryAdd((entry.TagSuffix, platformTag), entry))
            {
                var other = platformTags[(entry.TagSuffix, platformTag)];
                problems.Add(MatrixProblem.For(entry, FieldNames.PlatformTag,
                    $"platform-tag '{platformTag}' collides with the leg at line {other.Line} ({string.Join(",", other.Platforms)}): " +
                    "legs of one tag-suffix need distinct platform-tags, which name their caches (cache<tag-suffix>-<platform-tag>)"));
            }
            if (!firstLeg.TryAdd(entry.TagSuffix, entry))
            {
                var first = firstLeg[entry.TagSuffix];
                if (BaseFlavourOf(first) is var expected && BaseFlavourOf(entry) is var actual && expected != actual)
                    problems.Add(MatrixProblem.For(entry, FieldNames.TagSuffix,
                        $"legs of one image disagree on their base: {Describe(actual)} here vs {Describe(expected)} for the leg at line {first.Line}; " +
                        "every leg of a tag-suffix must build on the same base flavour (same dockerfile lang, build-type, versions, base-image, skip-drivers)"));
            }
        }
    }

    static (string? Stem, string SkipDrivers) BaseFlavourOf(BackendEntry entry) =>
        (Langs.FromDockerfile(entry.Dockerfile) is { } lang ? Stems.For(entry, lang) : null, BuildTypes.EffectiveSkipDrivers(entry));

    static string Describe((string? Stem, string SkipDrivers) flavour) =>
        $"{flavour.Stem ?? "no base"} (skip-drivers {flavour.SkipDrivers})";

    static string Unnamed(BackendEntry entry) => entry.Section == MatrixSection.Linux
        ? $"linux entry #{entry.Index + 1}{(entry.Backend.Length > 0 && entry.Backend.All(IsTagCharacter) ? $" (backend '{entry.Backend}')" : "")}"
        : $"darwin entry #{entry.Index + 1}";

    static string Describe(char c) => char.IsControl(c) || char.IsWhiteSpace(c) ? $"the character U+{(int)c:X4}" : $"'{c}'";

    static bool IsTagCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';
    static bool IsPathCharacter(char c) => IsTagCharacter(c) || c == '/';
    static bool IsImageCharacter(char c) => IsPathCharacter(c) || c is ':' or '@';
    static bool IsValueCharacter(char c) => IsImageCharacter(c) || c is ' ' or ',' or '+' or '=';
}
