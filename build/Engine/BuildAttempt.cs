
namespace Strata.Engine;

/// <summary>
/// NUKE's <c>--continue</c>: <c>.nuke/temp/build-attempt.log</c> holds a hash of the invocation and then one line per
/// target that succeeded. A run with <c>--continue</c> and the same invocation skips those targets; any other run starts
/// the file afresh.
/// </summary>
internal sealed class BuildAttempt
{
    public const string ContinueOption = "continue";

    readonly object gate = new();
    readonly string path;
    readonly HashSet<string> succeededBefore;

    BuildAttempt(string path, IEnumerable<string> succeededBefore)
    {
        this.path = path;
        this.succeededBefore = new HashSet<string>(succeededBefore, StringComparer.Ordinal);
    }

    public static string FilePath(string rootDirectory) => Path.Combine(rootDirectory, ".nuke", "temp", "build-attempt.log");

    /// <summary>
    /// The invocation without <c>--continue</c>, so a resumed run matches the run it resumes; hashed so that no argument
    /// (a secret among them) is written out. Two 64-bit FNV-1a hashes rather than SHA-256: it only tells invocations
    /// apart, and SHA-256 would load OpenSSL into every call of the build (~10 ms of a warm <c>Derive</c>).
    /// </summary>
    public static string Hash(IEnumerable<string> args)
    {
        var invocation = string.Join("\n", args.Where(arg => !IsContinue(arg)));
        ulong forward = 14695981039346656037, backward = 14695981039346656037 ^ 0x9E3779B97F4A7C15;
        const ulong prime = 1099511628211;
        for (var i = 0; i < invocation.Length; i++)
        {
            forward = (forward ^ invocation[i]) * prime;
            backward = (backward ^ invocation[invocation.Length - 1 - i]) * prime;
        }
        return $"fnv1a-{forward:x16}{backward:x16}";
    }

    static bool IsContinue(string arg) => arg.StartsWith('-') && Names.Match(arg.TrimStart('-'), ContinueOption);

    public static BuildAttempt Start(string rootDirectory, IEnumerable<string> args, bool resume)
    {
        var path = FilePath(rootDirectory);
        var hash = Hash(args);
        IReadOnlyList<string> previous = [];
        if (resume && File.Exists(path))
        {
            var lines = File.ReadAllLines(path);
            if (lines.FirstOrDefault() == hash) previous = lines.Skip(1).ToList();
            else Log.Warning("--continue: the invocation differs from the previous attempt; running every target");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path, [hash, .. previous]);
        return new BuildAttempt(path, previous);
    }

    public bool SucceededBefore(string target) => succeededBefore.Contains(target);

    public void RecordSuccess(string target)
    {
        lock (gate) File.AppendAllLines(path, [target]);
    }
}
