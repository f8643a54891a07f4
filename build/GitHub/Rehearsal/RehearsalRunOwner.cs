using System.Diagnostics;
using System.Globalization;

namespace Strata.GitHub.Rehearsal;

/// <summary>
/// Which process a rehearsal's run folder belongs to (<c>&lt;run&gt;/owner</c>: process id and start time), so a second
/// rehearsal in the same checkout clears only the leftovers of runs that ended, never the worktree of one still running.
/// </summary>
public static class RehearsalRunOwner
{
    const string FileName = "owner";

    public static void Claim(string runDirectory)
    {
        Directory.CreateDirectory(runDirectory);
        using var self = Process.GetCurrentProcess();
        File.WriteAllText(Path.Combine(runDirectory, FileName), Describe(self));
    }

    /// <summary>True while the process that claimed the run is alive (the start time guards against a reused id).</summary>
    public static bool IsRunning(string runDirectory)
    {
        var file = Path.Combine(runDirectory, FileName);
        if (!File.Exists(file)) return false;
        var owner = File.ReadAllText(file).Trim();
        if (!int.TryParse(owner.Split(' ')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return false;
        try
        {
            using var process = Process.GetProcessById(id);
            return !process.HasExited && Describe(process) == owner;
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    static string Describe(Process process) =>
        $"{process.Id.ToString(CultureInfo.InvariantCulture)} {process.StartTime.ToUniversalTime().Ticks.ToString(CultureInfo.InvariantCulture)}";
}
