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
                    $"unknown platform '{Printable.Quote(platform)}' (valid: {string.Join(", ", Platforms.Valid)}, or a comma list of them)"));

        foreach (var field in new[] { FieldNames.UbuntuVersion, FieldNames.CudaMajorVersion, FieldNames.CudaMinorVersion })
            if (entry.Get(field) is { Length: > 0 } value && !value.All(char.IsAsciiDigit))
                problems.Add(MatrixProblem.For(entry, field, $"{field} '{Printable.Quote(value)}' is not a number (e.g. {(field == FieldNames.UbuntuVersion ? "2404" : "12")})"));

        CheckBuildType(entry, problems);
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
        CheckBuildType(entry, problems);
        CheckCharacters(entry, problems);
    }

    /// <summary>A build-type must be in the registry, under its matrix name, and a darwin-only one only in a darwin entry.</summary>
    static void CheckBuildType(BackendEntry entry, List<MatrixProblem> problems)
    {
        var name = entry.BuildType;
        // A value that is not a name at all is reported once, by the character checks.
        if (name.Length > 0 && !(char.IsAsciiLetter(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))) return;
        var known = BuildTypes.All.FirstOrDefault(type => type.Name == name);
        if (known is null)
            problems.Add(MatrixProblem.For(entry, FieldNames.BuildType,
                BuildTypes.Find(name) is { } alias
                    ? $"build-type '{name}' is an accelerator name; the matrix spells it '{alias.Name}'"
                    : $"unknown build-type '{name}' (valid: {BuildTypes.ValidNames})"));
        else if (known.DarwinOnly && entry.Section == MatrixSection.Linux)
            problems.Add(MatrixProblem.For(entry, FieldNames.BuildType, $"build-type '{name}' is built on macOS only; move the entry to the darwin entries"));
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
            if (field.Name.Length == 0 || field.Name.Length > MatrixShape.MaxFieldNameLength || !field.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                problems.Add(new MatrixProblem(entry.FilePath, field.Line, entry.DisplayName,
                    $"field name '{Printable.Quote(field.Name)}' is not usable as a matrix key (allowed: letters, digits, '-', '_'; at most {MatrixShape.MaxFieldNameLength} characters)"));
            if (ValueProblem(field) is { } valueProblem)
            {
                problems.Add(new MatrixProblem(entry.FilePath, field.Line, Subject(entry, field), valueProblem));
                continue;
            }
            var (allowed, description) = field.Name switch
            {
                FieldNames.TagSuffix or FieldNames.Backend or FieldNames.BuildType or FieldNames.Lang
                    or FieldNames.UbuntuVersion or FieldNames.CudaMajorVersion or FieldNames.CudaMinorVersion
                    => ((Func<char, bool>)IsTagCharacter, TagCharacters),
                FieldNames.Dockerfile or FieldNames.Context or FieldNames.SourceDir => (IsPathCharacter, PathCharacters),
                FieldNames.BaseImage => (IsImageCharacter, ImageCharacters),
                _ => (IsValueCharacter, ValueCharacters),
            };
            // An index, not FirstOrDefault: the default char is U+0000, which is itself a character to refuse.
            var badIndex = FirstRefused(field.Value, allowed);
            if (badIndex >= 0 && field.Value[badIndex] is var bad)
                problems.Add(new MatrixProblem(entry.FilePath, field.Line, Subject(entry, field),
                    $"{Printable.Quote(field.Name)} contains {Describe(bad)}, unsafe in an image tag or shell word (allowed: {description})"));
        }

        if (entry.Get(FieldNames.SkipDrivers) is { Length: > 0 } skip && skip is not ("true" or "false"))
            problems.Add(MatrixProblem.For(entry, FieldNames.SkipDrivers, $"skip-drivers '{Printable.Quote(skip)}' is not a boolean (valid: true, false)"));
    }

    static string Subject(BackendEntry entry, MatrixField field) =>
        entry.TagSuffix.Length > 0 && field.Name != FieldNames.TagSuffix && IsValidTagSuffix(entry.TagSuffix) ? entry.DisplayName : Unnamed(entry);

    static bool IsValidTagSuffix(string value) => value.Length <= MaxTagSuffixLength && value.All(IsTagCharacter);

    /// <summary>
    /// The longest tag-suffix whose tags stay within Docker's limit: <c>latest&lt;tag-suffix&gt;-pr&lt;N&gt;</c>
    /// for any pull request number (the tag format itself lives in <see cref="ImageRefs"/>).
    /// </summary>
    public static readonly int MaxTagSuffixLength =
        MatrixShape.MaxTagLength - ImageRefs.BackendImage("r", "", int.MaxValue).Length + "r:".Length;

    /// <summary>
    /// What a value must be beyond its characters: bounded, never an option (a leading '-' would turn a generated
    /// command line's value into a flag), names that can be folders and output keys, paths inside the repository.
    /// </summary>
    static string? ValueProblem(MatrixField field)
    {
        var value = field.Value;
        if (value.Length > MatrixShape.MaxValueLength)
            return $"{Printable.Quote(field.Name)} is {value.Length} characters long (at most {MatrixShape.MaxValueLength})";
        switch (field.Name)
        {
            case FieldNames.TagSuffix:
                return value.Length > MaxTagSuffixLength
                    ? $"tag-suffix is {value.Length} characters long: the image tag '{ImageRefs.BackendImage("r", "", null)[2..]}<tag-suffix>-pr<N>' would exceed Docker's {MatrixShape.MaxTagLength} (at most {MaxTagSuffixLength})"
                    : null;
            case FieldNames.Backend or FieldNames.Lang or FieldNames.BuildType:
                return value.Length > 0 && !char.IsAsciiLetterOrDigit(value[0])
                    ? $"{Printable.Quote(field.Name)} '{Printable.Quote(value)}' is not a name (a letter or digit first, then letters, digits, '.', '_', '-')"
                    : null;
            case FieldNames.Dockerfile or FieldNames.Context or FieldNames.SourceDir:
                return RepositoryPath.Problem(value) is { } pathProblem ? $"{Printable.Quote(field.Name)} '{Printable.Quote(value)}' {pathProblem}" : null;
            default:
                return value.StartsWith('-') ? $"{Printable.Quote(field.Name)} '{Printable.Quote(value)}' starts with '-'" : null;
        }
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
        (Langs.KindOf(entry.Dockerfile) is { } kind ? Stems.For(entry, kind) : null, BuildTypes.EffectiveSkipDrivers(entry));

    static string Describe((string? Stem, string SkipDrivers) flavour) =>
        $"{flavour.Stem ?? "no base"} (skip-drivers {flavour.SkipDrivers})";

    static string Unnamed(BackendEntry entry) => entry.Section == MatrixSection.Linux
        ? $"linux entry #{entry.Index + 1}{(entry.Backend.Length > 0 && entry.Backend.All(IsTagCharacter) ? $" (backend '{entry.Backend}')" : "")}"
        : $"darwin entry #{entry.Index + 1}";

    static int FirstRefused(string value, Func<char, bool> allowed)
    {
        for (var i = 0; i < value.Length; i++)
            if (!allowed(value[i]))
                return i;
        return -1;
    }

    static string Describe(char c) => char.IsControl(c) || char.IsWhiteSpace(c) ? $"the character U+{(int)c:X4}" : $"'{c}'";

    static bool IsTagCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';
    static bool IsPathCharacter(char c) => IsTagCharacter(c) || c == '/';
    static bool IsImageCharacter(char c) => IsPathCharacter(c) || c is ':' or '@';
    static bool IsValueCharacter(char c) => IsImageCharacter(c) || c is ' ' or ',' or '+' or '=';
}
