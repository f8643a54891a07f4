using System.Security.Cryptography;
using System.Text;

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

    /// <summary>The invocation without <c>--continue</c>, so a resumed run matches the run it resumes.</summary>
    public static string Hash(IEnumerable<string> args)
    {
        var invocation = string.Join("\n", args.Where(arg => !IsContinue(arg)));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(invocation)));
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
