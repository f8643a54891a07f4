using Strata.Matrix.Changes;

namespace Strata.Matrix;

/// <summary>
/// From the backend matrix to the build plan: which bases exist, which entry consumes which base, and on a pull
/// request which entries must build. Pure and linear in the number of entries and changed files.
/// </summary>
public static class Derivation
{
    public static DerivedPlan Derive(BackendMatrix matrix, DeriveOptions options)
    {
        var linux = matrix.Linux;
        var langs = new string?[linux.Count];
        var stems = new string?[linux.Count];
        var tooLong = new List<MatrixProblem>();
        for (var i = 0; i < linux.Count; i++)
        {
            if (i % 1024 == 0)
                options.CancellationToken.ThrowIfCancellationRequested();
            langs[i] = options.Rules.BaseLangOf(linux[i]);
            if (langs[i] is { } lang && options.LangsWithBase.Contains(lang))
            {
                stems[i] = Stems.For(linux[i], lang);
                if (TagLength(ImageRefs.BaseImage("r", stems[i]!, int.MaxValue)) > MatrixShape.MaxTagLength)
                    tooLong.Add(new MatrixProblem(linux[i].FilePath, linux[i].Line, linux[i].DisplayName,
                        $"its base tag '{Printable.Quote(ImageRefs.BaseImage("r", stems[i]!, null)[2..])}-pr<N>' would exceed Docker's {MatrixShape.MaxTagLength} characters; shorten base-image or the other fields of the stem"));
            }
        }
        if (tooLong.Count > 0)
            throw new MatrixException(tooLong);

        CheckCollisions(linux, stems);

        var selection = options.ChangedFiles is null
            ? null
            : ChangeSelection.Select(matrix, langs, stems, options.Rules, options.ChangedFiles, options.Changes);
        IReadOnlyList<int> selected = selection?.Linux ?? Enumerable.Range(0, linux.Count).ToList();

        var split = Rows.SplitTagSuffixes(linux);
        var backends = selected
            .Select(i =>
            {
                var isLeg = split.Contains(linux[i].TagSuffix);
                return new DerivedBackend(linux[i], langs[i], stems[i],
                    stems[i] is { } stem ? ImageRefs.BaseImage(options.BaseRepo, stem, options.PullRequest) : null,
                    isLeg, Rows.PlatformTagOf(linux[i], isLeg));
            })
            .ToList();
        var darwin = selection is null
            ? matrix.Darwin.ToList()
            : selection.Darwin.Select(i => matrix.Darwin[i]).ToList();

        return new DerivedPlan(
            RunAll: selection is null,
            PullRequest: options.PullRequest,
            Bases: BasesOf(backends),
            Backends: backends,
            Darwin: darwin,
            Flags: FlagsOf(matrix, options.Rules, selection),
            ShardSize: options.ShardSize)
        {
            Selection = selection is null
                ? SelectionReport.Everything(options.EverythingReason ?? "no changed files given: every entry builds")
                : new SelectionReport($"{options.ChangedFiles!.Count} changed file(s)", selection.Firings, selection.UnclassifiedFiles),
        };
    }

    static int TagLength(string reference) => reference.Length - reference.IndexOf(':') - 1;

    /// <summary>All consumers of one base must agree on what the base is built from; never pick a winner silently.</summary>
    static void CheckCollisions(IReadOnlyList<BackendEntry> linux, string?[] stems)
    {
        var firstConsumer = new Dictionary<string, BackendEntry>(StringComparer.Ordinal);
        var reported = new HashSet<(string, string)>();
        var problems = new List<MatrixProblem>();
        for (var i = 0; i < linux.Count; i++)
        {
            if (stems[i] is not { } stem)
                continue;
            var entry = linux[i];
            if (!firstConsumer.TryAdd(stem, entry))
            {
                var first = firstConsumer[stem];
                Compare(FieldNames.BaseImage, first.BaseImage, entry.BaseImage);
                Compare(FieldNames.SkipDrivers, BuildTypes.EffectiveSkipDrivers(first), BuildTypes.EffectiveSkipDrivers(entry));

                void Compare(string field, string expected, string actual)
                {
                    if (expected == actual || !reported.Add((stem, field)))
                        return;
                    problems.Add(MatrixProblem.For(entry, field,
                        $"tag-stem collision for {stem}: {field} differs (\"{expected}\" for {first.TagSuffix} at line {first.Line} vs \"{actual}\" for {entry.TagSuffix}); " +
                        $"all consumers of one base must agree: reconcile the entries, or make {field} part of the stem"));
                }
            }
        }
        if (problems.Count > 0)
            throw new MatrixException(problems);
    }

    /// <summary>One base per stem among the selected entries, in order of first appearance; platforms are the union of its consumers'.</summary>
    static List<BaseFlavour> BasesOf(IReadOnlyList<DerivedBackend> backends)
    {
        var groups = new Dictionary<string, BaseGroup>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var backend in backends)
        {
            if (backend.TagStem is not { } stem)
                continue;
            if (!groups.TryGetValue(stem, out var group))
            {
                group = new BaseGroup(backend.Entry, backend.Lang!);
                groups.Add(stem, group);
                order.Add(stem);
            }
            group.Platforms.UnionWith(backend.Entry.Platforms);
            group.Consumers.Add(backend.Entry);
        }

        var bases = new List<BaseFlavour>(order.Count);
        foreach (var stem in order)
        {
            var (first, lang, platforms, consumers) = groups[stem];
            bases.Add(BaseFlavour.For(lang, first.BuildType, first.UbuntuVersion, first.CudaMajorVersion, first.CudaMinorVersion,
                first.BaseImage, platforms, first.SkipDrivers, consumers));
        }
        return bases;
    }

    /// <summary>The consumers of one stem gathered so far (a class, not a tuple: start-up JIT-compiles every generic over a struct).</summary>
    sealed record BaseGroup(BackendEntry First, string Lang)
    {
        public HashSet<string> Platforms { get; } = new(StringComparer.Ordinal);
        public List<BackendEntry> Consumers { get; } = [];

        public void Deconstruct(out BackendEntry first, out string lang, out HashSet<string> platforms, out List<BackendEntry> consumers) =>
            (first, lang, platforms, consumers) = (First, Lang, Platforms, Consumers);
    }

    /// <summary>One flag per backend with a source dir: true on a build of everything, else when the source-dirs rule saw its sources change.</summary>
    static List<BackendFlag> FlagsOf(BackendMatrix matrix, ChangeRules rules, ChangeSelectionResult? selection) =>
        BackendSourceDirs.Of(matrix, rules)
            .Select(pair => new BackendFlag(pair.Key, pair.Value, selection is null || selection.ChangedBackends.Contains(pair.Key)))
            .ToList();
}
