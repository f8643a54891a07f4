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
        File.WriteAllText(Path.Combine(runDirectory, FileName),
            $"{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)} {StartTime(Environment.ProcessId)}");
    }

    /// <summary>True while the process that claimed the run is alive; its start time tells a reused process id apart.</summary>
    public static bool IsRunning(string runDirectory)
    {
        var file = Path.Combine(runDirectory, FileName);
        if (!File.Exists(file)) return false;
        var owner = File.ReadAllText(file).Trim().Split(' ', 2);
        return owner.Length == 2
            && int.TryParse(owner[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            && StartTime(id) is { } started
            && started == owner[1];
    }

    /// <summary>
    /// A process's start time as the kernel records it (<c>/proc/&lt;pid&gt;/stat</c> field 22, clock ticks since boot):
    /// exact, unlike <see cref="Process.StartTime"/>, which each process derives from its own reading of the boot time
    /// (two processes disagree by fractions of a second, more after a clock step). Elsewhere: that time to the second.
    /// </summary>
    static string? StartTime(int id)
    {
        var stat = $"/proc/{id.ToString(CultureInfo.InvariantCulture)}/stat";
        try
        {
            if (File.Exists(stat) || Directory.Exists("/proc/self"))
            {
                var text = File.ReadAllText(stat);
                // The command name (field 2) is in parentheses and may hold spaces: count fields after its last ')'.
                var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
                return "ticks:" + fields[19];
            }
            using var process = Process.GetProcessById(id);
            return process.HasExited ? null : "utc:" + process.StartTime.ToUniversalTime().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException
                                              or IndexOutOfRangeException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
