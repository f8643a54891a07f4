using System.Diagnostics;
using Strata.GitHub.Rehearsal;

namespace Strata.Tests.GitHub.Rehearsal;

/// <summary>A second rehearsal in the same checkout removed the worktree of one still running; the run folder now names its owner.</summary>
public sealed class RehearsalRunOwnerTests : IDisposable
{
    readonly string run = Directory.CreateTempSubdirectory("strata-run-owner-").FullName;

    [Fact]
    public void A_run_claimed_by_this_live_process_is_running()
    {
        RehearsalRunOwner.Claim(run);
        Assert.True(RehearsalRunOwner.IsRunning(run));
    }

    [Fact]
    public async Task A_run_claimed_by_another_live_process_is_running_and_a_leftover_once_it_ended()
    {
        // The start time as the kernel records it, read here independently of the code under test.
        using var other = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        try
        {
            var ticks = File.ReadAllText($"/proc/{other.Id}/stat").Split(") ")[1].Split(' ')[19];
            File.WriteAllText(Path.Combine(run, "owner"), $"{other.Id} ticks:{ticks}");
            Assert.True(RehearsalRunOwner.IsRunning(run));
        }
        finally
        {
            other.Kill();
            await other.WaitForExitAsync();
        }
        Assert.False(RehearsalRunOwner.IsRunning(run));
    }

    [Fact]
    public void A_run_without_an_owner_file_is_a_leftover()
    {
        Assert.False(RehearsalRunOwner.IsRunning(run));
    }

    [Fact]
    public void A_run_whose_process_ended_is_a_leftover()
    {
        using var ended = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        ended.WaitForExit();
        File.WriteAllText(Path.Combine(run, "owner"), $"{ended.Id} {DateTime.UtcNow.Ticks}");
        Assert.False(RehearsalRunOwner.IsRunning(run));
    }

    [Fact]
    public void A_reused_process_id_with_another_start_time_is_a_leftover()
    {
        File.WriteAllText(Path.Combine(run, "owner"), $"{Environment.ProcessId} ticks:42");
        Assert.False(RehearsalRunOwner.IsRunning(run));
    }

    public void Dispose() => Directory.Delete(run, recursive: true);
}
