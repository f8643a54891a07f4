using Strata.Matrix;

namespace Strata.GitHub;

/// <summary>GitHub's side of a job: which hosted runner builds what, and how many jobs one matrix may expand to.</summary>
public static class RunnerPolicy
{
    public const string ArmRunner = "ubuntu-24.04-arm";
    public const string DefaultRunner = "ubuntu-latest";

    /// <summary>GitHub's limit on the jobs one matrix may expand to; the backend matrix is cut into shards of this size.</summary>
    public const int MaxMatrixJobs = 256;

    /// <summary>Arm-only bases build natively on an arm runner; anything with amd64 builds on ubuntu-latest (arm64 via QEMU).</summary>
    public static string RunsOn(IReadOnlyCollection<string> platforms) =>
        platforms.Count == 1 && platforms.Contains(Platforms.Arm64) ? ArmRunner : DefaultRunner;
}
