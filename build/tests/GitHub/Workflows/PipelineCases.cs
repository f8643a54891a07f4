using Strata.GitHub.Workflows;

namespace Strata.Tests.GitHub.Workflows;

static class PipelineCases
{
    public static readonly PipelineOptions LocalAi = new()
    {
        BaseRepo = "quay.io/go-skynet/ci-cache",
        Registry = "quay.io",
    };

    /// <summary>Shard counts 1 and 2, with and without darwin, with and without a registry and base repo.</summary>
    public static TheoryData<int, bool, bool> Shapes => new()
    {
        { 1, false, false },
        { 1, true, true },
        { 2, false, true },
        { 2, true, false },
    };

    public static PipelineOptions Options(int shards, bool darwin, bool localAi) =>
        (localAi ? LocalAi : new PipelineOptions { BaseRepo = "ghcr.io/${{ github.repository }}/bases" })
        with { BackendShardCount = shards, HasDarwin = darwin };

    public static IReadOnlyList<WorkflowFile> Create(int shards, bool darwin, bool localAi = true) =>
        BackendPipeline.Create(Options(shards, darwin, localAi));

    public static WorkflowFile Publish(IReadOnlyList<WorkflowFile> files) => files.Single(f => f.Path.EndsWith("/backend.yml"));
    public static WorkflowFile PullRequest(IReadOnlyList<WorkflowFile> files) => files.Single(f => f.Path.EndsWith("/backend-pr.yml"));
}
