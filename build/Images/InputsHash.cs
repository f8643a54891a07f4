using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Strata.Images;

/// <summary>
/// A content address for an image's inputs: the recipe text, every context file it copies or bind-mounts, the build args
/// and the refresh window. Two builds with the same hash would produce the same image, so one can be reused.
/// </summary>
public static class InputsHash
{
    public static string Compute(
        string recipePath, string contextDir, IEnumerable<KeyValuePair<string, string>> buildArgs, string refreshWindow)
    {
        if (!File.Exists(recipePath))
            throw new FileNotFoundException($"recipe '{recipePath}' does not exist", recipePath);
        if (!Directory.Exists(contextDir))
            throw new DirectoryNotFoundException($"build context '{contextDir}' does not exist (recipe {recipePath})");

        var args = buildArgs.GroupBy(arg => arg.Key).ToDictionary(group => group.Key, group => group.Last().Value);
        var recipeText = File.ReadAllText(recipePath);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Add(hash, "recipe", recipeText);
        foreach (var file in ContextFiles(recipePath, recipeText, contextDir, args))
        {
            Add(hash, "file", Path.GetRelativePath(contextDir, file).Replace('\\', '/'));
            hash.AppendData(SHA256.HashData(File.ReadAllBytes(file)));
        }
        foreach (var (name, value) in args.OrderBy(arg => arg.Key, StringComparer.Ordinal))
            Add(hash, "arg", $"{name}={value}");
        Add(hash, "window", refreshWindow);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    static IEnumerable<string> ContextFiles(string recipePath, string recipeText, string contextDir, IReadOnlyDictionary<string, string> args)
    {
        var root = Path.GetFullPath(contextDir);
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var source in RecipeSources.Parse(recipeText, args))
        {
            var matches = Resolve(root, source).ToList();
            if (matches.Count == 0)
                throw new FileNotFoundException($"{recipePath}: COPY/ADD/bind-mount source '{source}' matches nothing in the build context {contextDir}");
            foreach (var match in matches)
            {
                if (Directory.Exists(match))
                    foreach (var file in Directory.EnumerateFiles(match, "*", SearchOption.AllDirectories))
                        files.Add(file);
                else
                    files.Add(match);
            }
        }
        return files;
    }

    static IEnumerable<string> Resolve(string root, string source)
    {
        var relative = source.TrimStart('/');
        if (relative is "" or ".")
            return [root];
        if (relative.IndexOfAny(['*', '?', '[']) < 0)
        {
            var path = Path.GetFullPath(Path.Combine(root, relative));
            return File.Exists(path) || Directory.Exists(path) ? [path] : [];
        }
        var pattern = new Regex("^" + GlobToRegex(relative.TrimEnd('/')) + "$");
        return Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Where(path => pattern.IsMatch(Path.GetRelativePath(root, path).Replace('\\', '/')));
    }

    static string GlobToRegex(string glob)
    {
        var regex = new StringBuilder();
        foreach (var character in glob)
            regex.Append(character switch
            {
                '*' => "[^/]*",
                '?' => "[^/]",
                '[' or ']' => character.ToString(),
                _ => Regex.Escape(character.ToString()),
            });
        return regex.ToString();
    }

    static void Add(IncrementalHash hash, string kind, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        hash.AppendData(Encoding.UTF8.GetBytes($"{kind}\0{bytes.Length}\0"));
        hash.AppendData(bytes);
    }
}
