using Strata.Engine;
using Strata.GitHub.Workflows;

namespace Strata.GitHub.Rehearsal;

/// <summary>The outcome of one job row and, when it failed, the step and reason.</summary>
public sealed record RowResult(JobOutcome Outcome, string? Failure);

/// <summary>
/// One job (or one matrix row of it) on the rehearsal's runner: steps in order with GitHub's <c>if:</c>, <c>env:</c>
/// layering (workflow, job, GITHUB_ENV, step), step outputs and outcomes, then the job's outputs.
/// </summary>
sealed class JobRow(
    RehearsalSettings settings,
    IReadOnlyDictionary<string, object?> github,
    Workflow workflow,
    Job job,
    string key,
    ExpressionScope scope,
    RunnerKind runner,
    string directory,
    string summaryDirectory,
    string summaryName)
{
    public async Task<RowResult> RunAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var runnerTemp = Directory.CreateDirectory(Path.Combine(directory, "temp")).FullName;
        var steps = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in workflow.Env) env[name] = Evaluate(value, WithEnv(scope, env), $"env.{name}");
        foreach (var (name, value) in job.Env) env[name] = Evaluate(value, WithEnv(scope, env), $"jobs.{job.Id}.env.{name}");
        var githubEnv = new Dictionary<string, string>(StringComparer.Ordinal);
        var extraPath = new List<string>();
        string? failure = null;

        for (var index = 0; index < job.Steps.Count; index++)
        {
            var step = job.Steps[index];
            var stepScope = WithEnv(scope, env.Concat(githubEnv)).With("steps", ExpressionValues.Object(steps)) with
            {
                Status = new StatusView(failure is null, failure is not null, cancellationToken.IsCancellationRequested),
            };
            var name = step.Name is null ? step.Uses ?? $"step {index + 1}" : Evaluate(step.Name, stepScope, $"step {index + 1} name");
            var runs = Guard(() => ExpressionEvaluator.Condition(step.If, stepScope), $"step '{name}' if");
            if (!runs)
            {
                Log.Info($"  step skipped: {name} (if: {step.If ?? "success()"})");
                Record(steps, step, "skipped", new Dictionary<string, string>(), conclusion: "skipped");
                continue;
            }
            cancellationToken.ThrowIfCancellationRequested();
            Log.Info($"  step: {name}");

            var stepEnv = step.Env.ToDictionary(pair => pair.Key, pair => Evaluate(pair.Value, stepScope, $"step '{name}' env.{pair.Key}"));
            var files = StepFiles.Create(Path.Combine(directory, "steps", (index + 1).ToString("00")));
            var environment = Environment(env, githubEnv, stepEnv, files, runnerTemp, extraPath);

            StepResult result;
            if (step.Uses is { } uses)
            {
                var with = step.With.ToDictionary(pair => pair.Key, pair => Evaluate(pair.Value, stepScope, $"step '{name}' with.{pair.Key}"));
                result = await ActionTable.Find(uses).Run(new ActionCall(uses, with, settings, environment), cancellationToken);
            }
            else if (step.Run is { } script)
                result = await StepRunner.RunAsync(script, step.Shell, Path.GetDirectoryName(files.Output)!, settings.Workspace, environment, files, cancellationToken);
            else
                throw new RehearsalException($"job {key}: step '{name}' has neither uses: nor run:");

            CollectSummary(files.Summary);
            foreach (var (variable, value) in StepFiles.ReadAssignments(files.Env)) githubEnv[variable] = value;
            extraPath.InsertRange(0, File.ReadAllLines(files.Path).Where(line => line.Length > 0).Reverse());
            var continues = step.ContinueOnError == true;
            Record(steps, step, result.Succeeded ? "success" : "failure", result.Outputs, conclusion: result.Succeeded || continues ? "success" : "failure");
            if (!result.Succeeded && continues)
                Log.Warning($"  step '{name}' failed ({result.Failure}); continue-on-error");
            else if (!result.Succeeded)
            {
                Log.Error($"  step '{name}' failed: {result.Failure}");
                failure ??= $"step '{name}' failed ({result.Failure})";
            }
        }

        var outputsScope = WithEnv(scope, env.Concat(githubEnv)).With("steps", ExpressionValues.Object(steps));
        var outputs = job.Outputs.ToDictionary(pair => pair.Key, pair => Evaluate(pair.Value, outputsScope, $"jobs.{job.Id}.outputs.{pair.Key}"));
        return new RowResult(new JobOutcome(failure is null ? JobOutcome.Success : JobOutcome.Failure, outputs), failure);
    }

    IReadOnlyDictionary<string, string?> Environment(Dictionary<string, string> env, Dictionary<string, string> githubEnv,
        Dictionary<string, string> stepEnv, StepFiles files, string runnerTemp, List<string> extraPath)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in settings.RunnerEnvironment) environment[name] = value;
        foreach (var (name, value) in RehearsalContext.DefaultVariables(settings, github, job.Id, runner, runnerTemp)) environment[name] = value;
        foreach (var (name, value) in files.Variables) environment[name] = value;
        foreach (var (name, value) in env) environment[name] = value;
        foreach (var (name, value) in githubEnv) environment[name] = value;
        foreach (var (name, value) in stepEnv) environment[name] = value;
        if (extraPath.Count > 0)
            environment["PATH"] = string.Join(':', extraPath.Append(environment.GetValueOrDefault("PATH") ?? ""));
        return environment;
    }

    /// <summary>A row's step summaries, one file per row under the run's summaries folder, as the run page shows them.</summary>
    void CollectSummary(string stepSummary)
    {
        var text = File.ReadAllText(stepSummary);
        if (text.Length == 0) return;
        Directory.CreateDirectory(summaryDirectory);
        File.AppendAllText(Path.Combine(summaryDirectory, summaryName + ".md"), text.EndsWith('\n') ? text : text + "\n");
    }

    static void Record(Dictionary<string, object?> steps, Step step, string outcome, IReadOnlyDictionary<string, string> outputs, string conclusion)
    {
        if (step.Id is null) return;
        steps[step.Id] = ExpressionValues.Object(new Dictionary<string, object?>
        {
            ["outcome"] = outcome,
            ["conclusion"] = conclusion,
            ["outputs"] = ExpressionValues.Object(outputs.Select(o => (o.Key, o.Value))),
        });
    }

    static ExpressionScope WithEnv(ExpressionScope scope, IEnumerable<KeyValuePair<string, string>> env) =>
        scope.With("env", ExpressionValues.Object(env.Select(pair => (pair.Key, pair.Value))));

    string Evaluate(string value, ExpressionScope expressionScope, string where) =>
        Guard(() => Templates.Interpolate(value, expressionScope), $"job {key}: {where}");

    static T Guard<T>(Func<T> evaluate, string where)
    {
        try
        {
            return evaluate();
        }
        catch (ExpressionException exception)
        {
            throw new RehearsalException($"{where}: {exception.Message}");
        }
    }
}
