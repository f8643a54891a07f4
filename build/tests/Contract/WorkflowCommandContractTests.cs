using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Strata.GitHub;
using Strata.GitHub.Workflows;
using Strata.Tests.GitHub.Workflows;
using Strata.Matrix;
using Strata.Tests.Matrix;
using Strata.Tests.Targets;

namespace Strata.Tests.Contract;

/// <summary>
/// The contract between the generated workflows and the build: for every row of every job that consumes a derived
/// matrix, the job's build command — taken from the typed pipeline model and expanded with the row's values the way
/// GitHub expands the step's <c>env:</c> — plans exactly that row's image build. Runs the real build in process.
/// </summary>
public partial class WorkflowCommandContractTests
{
    // localai-2025-10.yaml is rejected by the derivation (a stem collision), so it has no jobs to check.
    public static TheoryData<string> Matrices => new()
    {
        "localai-2026-02.yaml", "localai-2026-04.yaml", "localai-pr9672.yaml", "localai-2026-06.yaml", "localai-2026-08.yaml",
        "<project>",
    };

    const string DeriveJob = BackendPipeline.DeriveJobId;
    const string PullRequestNumber = "4242";

    [Theory]
    [MemberData(nameof(Matrices))]
    public void Every_row_of_every_matrix_job_plans_exactly_its_own_image(string fixture)
    {
        var matrixPath = fixture == "<project>" ? Path.Combine(RepoPaths.Root, ".github", "backend-matrix.yaml") : Fixtures.File(fixture);
        var matrix = MatrixFile.Load(matrixPath);
        // A LocalAI matrix builds its C++ kinds on the cpp base by the seed's rules; the project by its own.
        var rulesPath = fixture == "<project>" ? Strata.Tests.Matrix.Changes.RepositoryRules.File : Fixtures.SeedRulesFile;
        using var repository = new ScratchRepository();
        var plan = Derivation.Derive(matrix, new DeriveOptions
        {
            LangsWithBase = BaseRecipes.Discover(repository.PathOf(".docker/bases")),
            BaseRepo = "ghcr.io/owner/repo/ci-cache",
            Rules = Strata.Matrix.Changes.ChangeRulesFile.Load(rulesPath, ".docker/bases"),
        });
        var outputs = DeriveOutputs.ToGitHubOutput(plan)
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1]);

        var failures = new List<string>();
        var checkedRows = 0;
        foreach (var workflow in Build.WorkflowsFor(matrix))
        {
            var pullRequest = workflow.Workflow.On.PullRequest is not null;
            foreach (var job in workflow.Workflow.Jobs)
            {
                if (MatrixOutput(job) is not { } outputKey)
                    continue;
                var command = Assert.Single(job.Steps, step => step.Command is not null);
                foreach (var row in Rows(outputs, outputKey))
                {
                    checkedRows++;
                    var environment = Expand(workflow.Workflow.Env, job.Env, command.Env, row, pullRequest);
                    var arguments = command.Command!.Expand(environment);
                    var run = repository.Run([.. arguments, "--plan", "--matrix", matrixPath, "--rules", rulesPath]);
                    var problem = Check(job, row, run);
                    if (problem is not null)
                        failures.Add($"{workflow.Path} job {job.Id} row {row["tag-suffix"] ?? row["tag-stem"]} ({row["platforms"] ?? "merge"}): " +
                            $"{string.Join(" ", arguments)} → {problem}");
                }
            }
        }

        Assert.True(checkedRows > 0, "no matrix rows were checked");
        Assert.True(failures.Count == 0, $"{failures.Count} of {checkedRows} rows fail:\n" + string.Join("\n", failures.Take(20)));
    }

    /// <summary>The output a job's matrix reads, from <c>${{ fromJSON(needs.derive.outputs.KEY) }}</c>.</summary>
    static string? MatrixOutput(Job job) =>
        job.Strategy is { } strategy && MatrixReference().Match(strategy.Matrix) is { Success: true } match ? match.Groups[1].Value : null;

    static IEnumerable<JsonObject> Rows(IReadOnlyDictionary<string, string> outputs, string key) =>
        JsonNode.Parse(outputs[key])!["include"]!.AsArray().Select(row => row!.AsObject());

    /// <summary>Workflow, job and step <c>env:</c>, later levels winning, with each expression evaluated for this row.</summary>
    static Dictionary<string, string> Expand(ValueMap workflow, ValueMap job, ValueMap step, JsonObject row, bool pullRequest)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in workflow.Concat(job).Concat(step))
            environment[name] = ExpressionReference().Replace(value, match => Evaluate(match.Groups[1].Value.Trim(), row, pullRequest));
        return environment;
    }

    /// <summary>The expressions the generator puts in a build step's env:, as GitHub evaluates them on this row.</summary>
    static string Evaluate(string expression, JsonObject row, bool pullRequest)
    {
        if (expression.StartsWith("matrix.", StringComparison.Ordinal))
            return row[expression["matrix.".Length..]]?.GetValue<string>() ?? "";
        return expression switch
        {
            "github.event.pull_request.number" when pullRequest => PullRequestNumber,
            "github.token" => "ghs_contract",
            "startsWith(github.ref, 'refs/tags/v') && github.ref_name || ''" => "v1.2.3",
            _ when expression.StartsWith("steps.registry.outputs.push", StringComparison.Ordinal) => "true",
            _ when expression.EndsWith($"outputs.{RepositoriesStep.BaseRepo}", StringComparison.Ordinal) => "ghcr.io/owner/repo/ci-cache",
            _ when expression.EndsWith($"outputs.{RepositoriesStep.BackendRepo}", StringComparison.Ordinal) => "ghcr.io/owner/repo/backends",
            _ when expression.StartsWith("vars.BASE_REPO", StringComparison.Ordinal) => "ghcr.io/owner/repo/ci-cache",
            _ when expression.StartsWith("vars.BACKEND_REPO", StringComparison.Ordinal) => "ghcr.io/owner/repo/backends",
            _ => throw new InvalidOperationException($"the contract test cannot evaluate ${{{{ {expression} }}}}; teach it"),
        };
    }

    /// <summary>Null when the plan holds exactly this row's image (and, for a backend, at most its base).</summary>
    static string? Check(Job job, JsonObject row, TargetRun run)
    {
        if (run.ExitCode != 0)
            return $"exit {run.ExitCode}: {run.Output.Trim().Split('\n').LastOrDefault()}";
        var planned = PlannedImage().Matches(run.Output).Select(match => (Kind: match.Groups[1].Value, Name: match.Groups[2].Value)).Distinct().ToList();
        if (job.Id == BackendPipeline.MergeBasesJobId)
            return planned.SequenceEqual([("MergeBase", row["tag-stem"]!.GetValue<string>())]) ? null
                : $"planned {Describe(planned)}, expected MergeBase[{row["tag-stem"]}]";
        if (job.Id.StartsWith("merge-", StringComparison.Ordinal))
            return planned.SequenceEqual([("MergeBackend", row["tag-suffix"]!.GetValue<string>())]) ? null
                : $"planned {Describe(planned)}, expected MergeBackend[{row["tag-suffix"]}]";
        var bases = planned.Where(image => image.Kind == "BuildBase").Select(image => image.Name).ToList();
        var backends = planned.Where(image => image.Kind == "BuildBackend").Select(image => image.Name).ToList();
        if (row["tag-stem"] is { } stem && row["tag-suffix"] is null)
        {
            // A leg of a multi-platform base builds that platform alone: BuildBase[<stem>@<platform-tag>].
            var expected = row["platform-tag"]?.GetValue<string>() is { } legTag ? $"{stem}@{legTag}" : stem.GetValue<string>();
            return bases.SequenceEqual([expected]) && backends.Count == 0 ? null : $"planned {Describe(planned)}, expected BuildBase[{expected}]";
        }

        var tagSuffix = row["tag-suffix"]!.GetValue<string>();
        var expectedStem = row["base-image-prebuilt"]?.GetValue<string>() is { } prebuilt ? prebuilt[(prebuilt.IndexOf(":base-image-", StringComparison.Ordinal) + 12)..] : null;
        if (backends.Count != 1 || (backends[0] != tagSuffix && !backends[0].StartsWith(tagSuffix + "@", StringComparison.Ordinal)))
            return $"planned {Describe(planned)}, expected one BuildBackend[{tagSuffix}…]";
        if (backends[0].Contains('@') && row["platform-tag"]?.GetValue<string>() is { } platformTag && backends[0] != $"{tagSuffix}@{platformTag}")
            return $"planned {backends[0]}, expected the leg {tagSuffix}@{platformTag}";
        if (bases.Count > 1 || (bases.Count == 1 && !job.Id.StartsWith("backends-", StringComparison.Ordinal)) || (bases.Count == 1 && bases[0] != expectedStem))
            return $"planned {Describe(planned)}, expected at most the base {expectedStem}";
        return null;
    }

    static string Describe(IEnumerable<(string Kind, string Name)> planned) =>
        string.Join(", ", planned.Select(image => $"{image.Kind}[{image.Name}]")) is { Length: > 0 } text ? text : "no image";

    [GeneratedRegex(@"fromJSON\(needs\." + DeriveJob + @"\.outputs\.([A-Za-z0-9_-]+)\)")]
    private static partial Regex MatrixReference();

    [GeneratedRegex(@"\$\{\{(.*?)\}\}")]
    private static partial Regex ExpressionReference();

    [GeneratedRegex(@"^\s+\d+\. (BuildBase|BuildBackend|MergeBackend|MergeBase)\[([^\]]+)\]", RegexOptions.Multiline)]
    private static partial Regex PlannedImage();
}
