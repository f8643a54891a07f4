namespace Strata.GitHub.Workflows;

/// <summary>The step outputs <c>./build.sh Derive</c> writes to <c>$GITHUB_OUTPUT</c> that the pipeline reads.</summary>
public static class DeriveOutputs
{
    public const string RunAll = "run-all";
    public const string HasBackends = "has-backends";
    public const string HasBackendsDarwin = "has-backends-darwin";
    public const string HasBases = "has-bases";
    public const string BasesMatrix = "bases-matrix";
    public const string MatrixDarwin = "matrix-darwin";
    public const string MatrixShards = "matrix-shards";

    public static string MatrixShard(int index) => $"matrix-{index}";
}
