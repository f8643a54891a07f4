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
            langs[i] = Langs.FromDockerfile(linux[i].Dockerfile);
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

        var changed = options.ChangedFiles is null ? null : new ChangedPaths(options.ChangedFiles);
        var selected = changed is null ? Enumerable.Range(0, linux.Count).ToList() : SelectForPullRequest(linux, langs, stems, changed);

        var backends = selected
            .Select(i => new DerivedBackend(linux[i], langs[i], stems[i],
                stems[i] is { } stem ? ImageRefs.BaseImage(options.BaseRepo, stem, options.PullRequest) : null))
            .ToList();
        var darwin = changed is null
            ? matrix.Darwin.ToList()
            : matrix.Darwin.Where(entry => changed.TouchesDirectory(SourceDirs.ForDarwin(entry))).ToList();

        return new DerivedPlan(
            RunAll: changed is null,
            PullRequest: options.PullRequest,
            Bases: BasesOf(backends),
            Backends: backends,
            Darwin: darwin,
            Flags: FlagsOf(matrix, changed),
            ShardSize: options.ShardSize);
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

    /// <summary>Entries whose sources changed, plus one canary per stem of each lang whose recipe or shared scaffolding changed.</summary>
    static List<int> SelectForPullRequest(IReadOnlyList<BackendEntry> linux, string?[] langs, string?[] stems, ChangedPaths changed)
    {
        var recipeLangs = new HashSet<string>(StringComparer.Ordinal);
        var scaffoldingChanged = false;
        foreach (var file in changed.Files)
        {
            if (BaseScaffolding.RecipeLang(file) is { } lang)
                recipeLangs.Add(lang);
            else if (BaseScaffolding.IsScaffolding(file))
                scaffoldingChanged = true;
        }

        var canaryStems = new HashSet<string>(StringComparer.Ordinal);
        var selected = new List<int>();
        for (var i = 0; i < linux.Count; i++)
        {
            var isCanary = stems[i] is { } stem
                && (scaffoldingChanged || recipeLangs.Contains(langs[i]!))
                && canaryStems.Add(stem);
            if (isCanary || SourceDirs.ForLinux(linux[i]) is { } dir && changed.TouchesDirectory(dir))
                selected.Add(i);
        }
        return selected;
    }

    /// <summary>One base per stem among the selected entries, in order of first appearance; platforms are the union of its consumers'.</summary>
    static List<BaseFlavour> BasesOf(IReadOnlyList<DerivedBackend> backends)
    {
        var groups = new Dictionary<string, (BackendEntry First, string Lang, HashSet<string> Platforms, List<BackendEntry> Consumers)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var backend in backends)
        {
            if (backend.TagStem is not { } stem)
                continue;
            if (!groups.TryGetValue(stem, out var group))
            {
                group = (backend.Entry, backend.Lang!, new HashSet<string>(StringComparer.Ordinal), []);
                groups.Add(stem, group);
                order.Add(stem);
            }
            group.Platforms.UnionWith(backend.Entry.Platforms);
            group.Consumers.Add(backend.Entry);
        }

        return order.Select(stem =>
        {
            var (first, lang, platforms, consumers) = groups[stem];
            return BaseFlavour.For(lang, first.BuildType, first.UbuntuVersion, first.CudaMajorVersion, first.CudaMinorVersion,
                first.BaseImage, platforms, first.SkipDrivers, consumers);
        }).ToList();
    }

    /// <summary>One flag per backend with a source dir: the dir of its first linux entry that has one, else its darwin dir.</summary>
    static List<BackendFlag> FlagsOf(BackendMatrix matrix, ChangedPaths? changed)
    {
        var dirs = new Dictionary<string, string>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var entry in matrix.Linux)
            if (SourceDirs.ForLinux(entry) is { } dir && dirs.TryAdd(entry.Backend, dir))
                order.Add(entry.Backend);
        foreach (var entry in matrix.Darwin)
            if (dirs.TryAdd(entry.Backend, SourceDirs.ForDarwin(entry)))
                order.Add(entry.Backend);

        return order.Select(backend =>
        {
            var dir = dirs[backend];
            var touched = changed is null
                || changed.TouchesDirectory(dir)
                || SourceDirs.ExtraDirsForFlag(backend).Any(changed.TouchesDirectory);
            return new BackendFlag(backend, dir, touched);
        }).ToList();
    }
}
