namespace Strata.Matrix;

/// <summary>
/// Paths the matrix names (dockerfile, context, source-dir) are relative to the repository and stay inside it: a
/// context outside the checkout could copy the runner's files into an image, a source-dir outside it runs make there.
/// Checked here as written, and again where a path is used, after resolving it against the real repository.
/// </summary>
public static class RepositoryPath
{
    /// <summary>Why <paramref name="path"/> is not a path inside the repository, or null when it is.</summary>
    public static string? Problem(string path)
    {
        if (path.Length == 0) return null;
        if (path.StartsWith('-')) return "starts with '-'";
        if (path.StartsWith('/') || path.StartsWith('\\') || (path.Length > 1 && path[1] == ':'))
            return "is absolute; paths are relative to the repository root";
        var depth = 0;
        foreach (var range in path.AsSpan().SplitAny('/', '\\'))
        {
            var segment = path.AsSpan(range);
            if (segment is "..") depth--;
            else if (segment is not ("" or ".")) depth++;
            if (depth < 0) return "leaves the repository ('..')";
        }
        return null;
    }

    /// <summary>
    /// The full path of <paramref name="relative"/> under <paramref name="root"/>, after following symbolic links;
    /// an <see cref="InputException"/> when it lies outside the repository.
    /// </summary>
    public static string Resolve(string root, string relative, string what)
    {
        if (Problem(relative) is { } problem)
            throw new InputException($"{what} '{Printable.Quote(relative)}' {problem}");
        var fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        var full = Path.GetFullPath(relative, fullRoot);
        var real = RealPath(full);
        var realRoot = RealPath(fullRoot);
        if (!IsInside(realRoot, real))
            throw new InputException($"{what} '{Printable.Quote(relative)}' resolves to {real}, outside the repository {realRoot}");
        return full;
    }

    static bool IsInside(string root, string path) =>
        path == root || path.StartsWith(root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>The path with every symbolic link along it resolved (parts that do not exist kept as written).</summary>
    static string RealPath(string full, int links = 0)
    {
        var root = Path.GetPathRoot(full) ?? "/";
        var current = root;
        foreach (var segment in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, segment);
            if (links < 40 && new FileInfo(next).LinkTarget is { } target)
                next = RealPath(Path.GetFullPath(target, current), links + 1);
            current = next;
        }
        return current;
    }
}
