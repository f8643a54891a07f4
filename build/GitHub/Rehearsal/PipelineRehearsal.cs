using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Strata.Engine;
using Strata.GitHub.Workflows;

namespace Strata.GitHub.Rehearsal;

/// <summary>
/// Runs the pipeline model locally with GitHub's semantics. Each job is a sub-target that waits for its <c>needs</c>
/// (without inheriting their failure: its <c>if:</c> decides, as on GitHub); a matrix job spawns one sub-target per row
/// once its matrix is known. Jobs never see each other's failures except through <c>needs.*.result</c> and status functions.
/// </summary>
public sealed class PipelineRehearsal
{
    readonly IReadOnlyList<WorkflowFile> workflows;
    readonly RehearsalSettings settings;
    readonly ConcurrentDictionary<string, JobOutcome> outcomes = new();
    readonly ConcurrentDictionary<string, ConcurrentQueue<JobOutcome>> rowOutcomes = new();
    readonly ConcurrentDictionary<string, CancellationTokenSource> failFast = new();
    readonly IReadOnlyDictionary<string, object?> github;
    readonly string hostArchitecture = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "amd64";

    readonly Lazy<Task> prepared;
    readonly Func<string, CancellationToken, Task>? checkOutJob;
    readonly object checkoutOrder = new();
    Task lastCheckout = Task.CompletedTask;

    /// <param name="prepareWorkspace">Makes the workspace; called once, before the first job runs (never for --plan).</param>
    /// <param name="checkOutJob">
    /// Makes a fresh checkout at the given path for one job row, as a GitHub runner starts every job from an empty
    /// workspace: nothing a job leaves (the compiled build, digests) reaches another except through artifacts. Without
    /// it every row runs in <see cref="RehearsalSettings.Workspace"/>.
    /// </param>
    public PipelineRehearsal(IEnumerable<WorkflowFile> all, RehearsalSettings settings, Func<CancellationToken, Task>? prepareWorkspace = null,
        Func<string, CancellationToken, Task>? checkOutJob = null)
    {
        prepared = new Lazy<Task>(() => prepareWorkspace?.Invoke(CancellationToken.None) ?? Task.CompletedTask);
        this.checkOutJob = checkOutJob;
        settings.Validate();
        this.settings = settings;
        workflows = Triggered(all, settings.EventName);
        if (workflows.Count == 0)
            throw new ArgumentException($"--event {settings.EventName}: no workflow triggers on it; workflows: {string.Join(", ", all.Select(f => f.Path))}");
        Directory.CreateDirectory(settings.RunDirectory);
        var payload = RehearsalContext.EventPayload(settings);
        var eventPath = Path.Combine(settings.RunDirectory, "event.json");
        File.WriteAllText(eventPath, payload.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        var token = "ghs_rehearsal" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        Log.CurrentSink?.AddSecret(token);
        foreach (var secret in settings.EffectiveSecrets.Values) Log.CurrentSink?.AddSecret(secret);
        github = RehearsalContext.GitHub(settings, payload, token, eventPath);
    }

    public IReadOnlyList<WorkflowFile> Workflows => workflows;

    /// <summary>Where each job row's step summaries are collected.</summary>
    public string SummaryDirectory => Path.Combine(settings.RunDirectory, "summaries");

    /// <summary>The workflows whose <c>on:</c> lists the event.</summary>
    public static IReadOnlyList<WorkflowFile> Triggered(IEnumerable<WorkflowFile> files, string eventName) => files.Where(file => eventName switch
    {
        RehearsalEvents.Push => file.Workflow.On.Push is not null,
        RehearsalEvents.PullRequest => file.Workflow.On.PullRequest is not null,
        RehearsalEvents.WorkflowDispatch => file.Workflow.On.WorkflowDispatch,
        RehearsalEvents.Schedule => file.Workflow.On.Schedules.Count > 0,
        _ => false,
    }).ToList();

    /// <summary>One sub-target per job, in the workflow's order, each running after its needs.</summary>
    public IEnumerable<SubTarget> JobTargets()
    {
        foreach (var file in workflows)
        {
            var prefix = workflows.Count > 1 ? Path.GetFileName(file.Path) + "/" : "";
            foreach (var job in file.Workflow.Jobs)
                yield return new SubTarget(prefix + job.Id, context => RunJobAsync(file.Workflow, job, prefix, context))
                {
                    After = job.Needs.Select(need => prefix + need).ToList(),
                    Description = job.Name,
                };
        }
    }

    /// <summary>A job's result as its dependents read it; a job not yet decided reads as skipped.</summary>
    public JobOutcome Outcome(string key) =>
        outcomes.TryGetValue(key, out var outcome) ? outcome
        : rowOutcomes.TryGetValue(key, out var rows) ? JobOutcome.Combine(rows.ToList())
        : JobOutcome.Of(JobOutcome.Skipped);

    ExpressionScope JobScope(Workflow workflow, Job job, string prefix, CancellationToken cancellationToken)
    {
        var needs = job.Needs.ToDictionary(need => need, need => Outcome(prefix + need));
        var needsContext = ExpressionValues.Object(needs.Select(pair => KeyValuePair.Create(pair.Key, (object?)ExpressionValues.Object(new Dictionary<string, object?>
        {
            ["result"] = pair.Value.Result,
            ["outputs"] = ExpressionValues.Object(pair.Value.Outputs.Select(o => (o.Key, o.Value))),
        }))));
        var contexts = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
        {
            ["github"] = github,
            ["needs"] = needsContext,
            ["vars"] = ExpressionValues.Object(settings.Vars.Select(v => (v.Key, v.Value))),
            ["secrets"] = ExpressionValues.Object(settings.EffectiveSecrets.Select(s => (s.Key, s.Value))
                .Append(("GITHUB_TOKEN", (string)github["token"]!))),
            ["inputs"] = ExpressionValues.Empty,
            ["env"] = ExpressionValues.Empty,
        };
        var status = new StatusView(
            Succeeded: needs.Values.All(n => n.Result == JobOutcome.Success),
            Failed: needs.Values.Any(n => n.Result == JobOutcome.Failure),
            Cancelled: cancellationToken.IsCancellationRequested);
        return new ExpressionScope(contexts, status, settings.Workspace);
    }

    async Task RunJobAsync(Workflow workflow, Job job, string prefix, TargetContext context)
    {
        var key = prefix + job.Id;
        await prepared.Value;
        try
        {
            await DecideJobAsync(workflow, job, prefix, key, context);
        }
        catch (RehearsalException) when (!outcomes.ContainsKey(key) && !rowOutcomes.ContainsKey(key))
        {
            outcomes[key] = JobOutcome.Of(JobOutcome.Failure);
            throw;
        }
    }

    async Task DecideJobAsync(Workflow workflow, Job job, string prefix, string key, TargetContext context)
    {
        var scope = JobScope(workflow, job, prefix, context.CancellationToken);
        if (!Guarded(() => ExpressionEvaluator.Condition(job.If, scope), $"job {key}: if"))
        {
            outcomes[key] = JobOutcome.Of(JobOutcome.Skipped);
            context.Skip($"if: {job.If ?? "success()"} is false");
            return;
        }
        if (job.Strategy is not { } strategy)
        {
            await RunRowAsync(workflow, job, key, scope, row: null, context);
            return;
        }

        var rows = Guarded(() => MatrixRows.Expand(Templates.Evaluate(strategy.Matrix, scope), key), $"job {key}: strategy.matrix");
        rowOutcomes[key] = new ConcurrentQueue<JobOutcome>();
        failFast[key] = new CancellationTokenSource();
        var labels = rows.Select(row => Guarded(() => Templates.Interpolate(job.Name ?? job.Id, scope.With("matrix", row)), $"job {key}: name")).ToList();
        if (labels.Distinct(StringComparer.OrdinalIgnoreCase).Count() < labels.Count)
            labels = labels.Select((label, index) => $"{label} #{index + 1}").ToList();
        var spawned = new List<SubTarget>();
        var filteredOut = 0;
        for (var index = 0; index < rows.Count; index++)
        {
            var row = rows[index];
            var rowScope = scope.With("matrix", row).With("strategy", ExpressionValues.Object(new Dictionary<string, object?>
            {
                ["fail-fast"] = strategy.FailFast ?? true,
                ["job-index"] = (double)index,
                ["job-total"] = (double)rows.Count,
                ["max-parallel"] = (double)(strategy.MaxParallel ?? rows.Count),
            }));
            var name = $"{key} {labels[index]}";
            if (MatrixRows.FilteredOutBy(row, settings.RowFilter) is { } reason)
            {
                filteredOut++;
                spawned.Add(new SubTarget(name, rowContext =>
                {
                    rowOutcomes[key].Enqueue(JobOutcome.Of(JobOutcome.Skipped));
                    rowContext.Skip($"--rows leaves out {reason}");
                    return Task.CompletedTask;
                }));
                continue;
            }
            spawned.Add(new SubTarget(name, rowContext => RunRowAsync(workflow, job, key, rowScope, row, rowContext)));
        }
        context.Spawn(spawned);
        context.Note = $"{rows.Count} rows" + (filteredOut > 0 ? $", {filteredOut} left out by --rows" : "");
    }

    async Task RunRowAsync(Workflow workflow, Job job, string key, ExpressionScope scope, IReadOnlyDictionary<string, object?>? row, TargetContext context)
    {
        var cancelRows = row is null ? null : failFast[key];
        void Record(JobOutcome outcome)
        {
            if (row is null) outcomes[key] = outcome;
            else rowOutcomes[key].Enqueue(outcome);
        }
        if (cancelRows is { IsCancellationRequested: true })
        {
            Record(JobOutcome.Of(JobOutcome.Cancelled));
            context.Skip("cancelled: fail-fast after another row failed");
            return;
        }

        scope = scope.With("matrix", row ?? ExpressionValues.Empty);
        var runsOn = Guarded(() => Templates.Interpolate(job.RunsOn, scope), $"job {key}: runs-on");
        var runner = RunnerLabels.Resolve(runsOn, hostArchitecture);
        if (runner.Unavailable is { } unavailable)
        {
            Record(JobOutcome.Of(JobOutcome.Failure));
            throw new RehearsalException(unavailable);
        }
        if (runner.Emulated) Log.Info($"{context.Name}: {runner.Note}");
        var rowDirectory = Path.Combine(settings.RunDirectory, "jobs", FileName(context.Name));
        var rowSettings = checkOutJob is null ? settings : settings with { Workspace = await CheckOutJobAsync(rowDirectory, context.CancellationToken) };
        var rowGitHub = ExpressionValues.Object(github.Select(pair => KeyValuePair.Create(pair.Key, pair.Key == "workspace" ? rowSettings.Workspace : pair.Value)));
        // The runner's architecture is the runs-on label's (an arm64 row under QEMU reads ARM64), as steps' if: see it.
        var runnerContext = ExpressionValues.Object(new Dictionary<string, object?>
        {
            ["os"] = "Linux", ["arch"] = runner.Architecture == "arm64" ? "ARM64" : "X64", ["name"] = "rehearsal",
            ["temp"] = Path.Combine(rowDirectory, "temp"),
        });
        scope = (scope with { Workspace = rowSettings.Workspace }).With("github", rowGitHub).With("runner", runnerContext)
            .With("job", ExpressionValues.Object(new Dictionary<string, object?> { ["status"] = "success" }));

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, cancelRows?.Token ?? CancellationToken.None);
        try
        {
            var outcome = await new JobRow(rowSettings, rowGitHub, workflow, job, key, scope, runner, rowDirectory, SummaryDirectory, FileName(context.Name))
                .RunAsync(linked.Token);
            if (outcome.Failure is { } continued && job.ContinueOnError == true)
            {
                Record(outcome.Outcome with { Result = JobOutcome.Success });
                context.Note = $"{runner.Note}; continue-on-error: {continued}";
                Log.Warning($"{context.Name}: {continued}; continue-on-error");
                return;
            }
            Record(outcome.Outcome);
            if (outcome.Failure is { } failure)
            {
                if (job.Strategy is { } strategy && (strategy.FailFast ?? true)) cancelRows?.Cancel();
                throw new RehearsalException(failure);
            }
            context.Note = runner.Note;
        }
        catch (OperationCanceledException) when (cancelRows is { IsCancellationRequested: true } && !context.CancellationToken.IsCancellationRequested)
        {
            Record(JobOutcome.Of(JobOutcome.Cancelled));
            context.Skip("cancelled: fail-fast after another row failed");
        }
        catch (OperationCanceledException)
        {
            Record(JobOutcome.Of(JobOutcome.Cancelled));
            throw;
        }
    }

    /// <summary>The row's own workspace, one checkout at a time (git serialises worktree bookkeeping).</summary>
    async Task<string> CheckOutJobAsync(string rowDirectory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(rowDirectory, JobWorkspaceName);
        Task checkout;
        lock (checkoutOrder)
            checkout = lastCheckout = lastCheckout.ContinueWith(_ => checkOutJob!(path, cancellationToken), CancellationToken.None,
                TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        await checkout;
        return path;
    }

    /// <summary>A job row's workspace folder under its row directory (<c>&lt;run&gt;/jobs/&lt;row&gt;/workspace</c>).</summary>
    public const string JobWorkspaceName = "workspace";

    /// <summary>The job rows' workspaces a run left under <paramref name="runDirectory"/>.</summary>
    public static IEnumerable<string> JobWorkspaces(string runDirectory) =>
        Directory.Exists(Path.Combine(runDirectory, "jobs"))
            ? Directory.GetDirectories(Path.Combine(runDirectory, "jobs")).Select(row => Path.Combine(row, JobWorkspaceName)).Where(Directory.Exists)
            : [];

    static string FileName(string name) =>
        string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')).Trim('_');

    static T Guarded<T>(Func<T> evaluate, string where)
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
