namespace Strata.GitHub.Workflows;

public enum DriftKind
{
    /// <summary>The committed file differs from the generated one.</summary>
    Changed,
    /// <summary>The generator produces a file that is not committed.</summary>
    Missing,
    /// <summary>A committed file carries the generated header but the generator no longer produces it.</summary>
    Extra,
}

/// <param name="Path">Relative to the repository root, with '/' separators.</param>
/// <param name="Diff">Unified diff from the committed file (a/) to the generated one (b/).</param>
public sealed record FileDiff(string Path, DriftKind Kind, string Diff)
{
    public override string ToString() => Diff;
}

/// <summary>Compares the generated workflows with the files in a working tree, without writing anything.</summary>
public static class WorkflowDrift
{
    /// <summary>The failure message for CheckWorkflows: what drifted, how to fix it, then every diff.</summary>
    public static string Report(IReadOnlyList<FileDiff> diffs) =>
        diffs.Count == 0
            ? "the committed workflows are up to date"
            : $"{diffs.Count} workflow file(s) differ from what ./build.sh GenerateWorkflows produces " +
              $"({string.Join(", ", diffs.Select(d => $"{d.Path}: {d.Kind.ToString().ToLowerInvariant()}"))}); " +
              "run ./build.sh GenerateWorkflows and commit the result.\n" +
              string.Concat(diffs.Select(d => d.Diff));

    public static IReadOnlyList<FileDiff> Check(IReadOnlyList<WorkflowFile> generated, string repoRoot)
    {
        var diffs = new List<FileDiff>();
        foreach (var file in generated)
        {
            var expected = WorkflowYaml.Render(file);
            var fullPath = WorkflowFiles.FullPath(repoRoot, file.Path);
            if (!File.Exists(fullPath))
            {
                diffs.Add(new FileDiff(file.Path, DriftKind.Missing,
                    UnifiedDiff.Create("", expected, "/dev/null", "b/" + file.Path)));
                continue;
            }
            var committed = WorkflowFiles.Normalize(File.ReadAllText(fullPath));
            if (committed != expected)
                diffs.Add(new FileDiff(file.Path, DriftKind.Changed,
                    UnifiedDiff.Create(committed, expected, "a/" + file.Path, "b/" + file.Path)));
        }
        foreach (var stale in WorkflowFiles.StaleGeneratedFiles(generated, repoRoot))
            diffs.Add(new FileDiff(stale, DriftKind.Extra,
                UnifiedDiff.Create(WorkflowFiles.Normalize(File.ReadAllText(WorkflowFiles.FullPath(repoRoot, stale))), "", "a/" + stale, "/dev/null")));
        return diffs;
    }
}

/// <summary>Writes the generated workflows into a working tree.</summary>
public static class WorkflowWriter
{
    /// <summary>
    /// Writes every file whose content differs and deletes generated files the generator no longer
    /// produces (hand-written workflows, without the generated header, are left alone).
    /// Returns the relative paths that were written or deleted.
    /// </summary>
    public static IReadOnlyList<string> WriteAll(IReadOnlyList<WorkflowFile> files, string repoRoot, CancellationToken cancellationToken = default)
    {
        var rendered = files.Select(f => (f.Path, Text: WorkflowYaml.Render(f))).ToList();
        var changed = new List<string>();
        // Every workflow is staged before any replaces its file: an error or an interrupt leaves the old set intact.
        using var output = new Strata.Engine.OutputFiles();
        foreach (var (path, text) in rendered)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var fullPath = WorkflowFiles.FullPath(repoRoot, path);
            if (File.Exists(fullPath) && File.ReadAllText(fullPath) == text)
                continue;
            output.Write(fullPath, text);
            changed.Add(path);
        }
        output.Commit(cancellationToken);
        foreach (var stale in WorkflowFiles.StaleGeneratedFiles(files, repoRoot).ToList())
        {
            File.Delete(WorkflowFiles.FullPath(repoRoot, stale));
            changed.Add(stale);
        }
        return changed;
    }
}

static class WorkflowFiles
{
    public static string FullPath(string repoRoot, string relativePath) =>
        Path.GetFullPath(Path.Combine(repoRoot, relativePath.Replace('/', Path.DirectorySeparatorChar)));

    // A checkout with CRLF line endings holds the same workflow; GitHub reads both.
    public static string Normalize(string text) => text.Replace("\r\n", "\n");

    /// <summary>Files with the generated header in the generated files' folders that are not generated any more.</summary>
    public static IEnumerable<string> StaleGeneratedFiles(IReadOnlyList<WorkflowFile> generated, string repoRoot)
    {
        var wanted = generated.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        var folders = generated.Select(f => DirectoryOf(f.Path)).Distinct(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            var fullFolder = FullPath(repoRoot, folder);
            if (!Directory.Exists(fullFolder))
                continue;
            var candidates = Directory.EnumerateFiles(fullFolder)
                .Where(f => f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal))
                .Select(f => (folder.Length == 0 ? "" : folder + "/") + Path.GetFileName(f))
                .Order(StringComparer.Ordinal);
            foreach (var candidate in candidates)
                if (!wanted.Contains(candidate) && WorkflowHeader.IsGenerated(File.ReadAllText(FullPath(repoRoot, candidate))))
                    yield return candidate;
        }
    }

    static string DirectoryOf(string relativePath)
    {
        var slash = relativePath.LastIndexOf('/');
        return slash < 0 ? "" : relativePath[..slash];
    }
}
