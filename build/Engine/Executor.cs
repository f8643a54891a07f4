using System.Diagnostics;
using System.Reflection;

namespace Strata.Engine;

public enum TargetStatus
{
    Succeeded,
    Failed,
    Skipped,
    NotRun,
    Aborted,
}

public sealed record TargetResult(string Name, TargetStatus Status, TimeSpan Duration, string? Note)
{
    /// <summary>The target failed on bad input (an <see cref="InputException"/>): the run exits with code 2.</summary>
    public bool BadInput { get; init; }
}

internal sealed record ExecutionOptions(int Parallelism, bool KeepGoing, bool ShowStackTraces, GitHubActionsHost GitHub, CancellationToken Abort)
{
    /// <summary>Where succeeded targets are recorded for <c>--continue</c>, and which the previous attempt already finished.</summary>
    public BuildAttempt? Attempt { get; init; }
}

/// <summary>
/// Runs planned nodes in order, up to N at a time, propagating failures and aborts. As in NUKE, a failure halts the
/// build unless the failed target proceeds after failure (its dependents then still run); assured targets run even
/// after a failure. Keep-going mode (this engine's own) runs everything that does not depend on a failure.
/// </summary>
internal sealed class Executor(ExecutionPlan plan, ExecutionOptions options)
{
    readonly List<PlanNode> nodes = [.. plan.Nodes];
    readonly Dictionary<PlanNode, TargetResult> results = [];
    readonly Dictionary<PlanNode, IReadOnlyList<SubTarget>> spawns = [];
    readonly Dictionary<Task<TargetResult>, PlanNode> running = [];
    readonly HashSet<PlanNode> badInput = [];
    bool halted;

    public async Task<IReadOnlyList<TargetResult>> RunAsync()
    {
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(options.Abort);
        var aborted = new TaskCompletionSource();
        await using var registration = options.Abort.Register(() => aborted.TrySetResult());

        while (true)
        {
            foreach (var node in nodes.Where(n => !results.ContainsKey(n) && !running.ContainsValue(n)).ToList())
            {
                if (node.Waits.Any(wait => !results.ContainsKey(wait))) continue;
                var notRunReason = NotRunReason(node);
                if (notRunReason is not null) results[node] = new TargetResult(node.Name, TargetStatus.NotRun, TimeSpan.Zero, notRunReason);
                else if (node.SkipReason is not null) Record(node, new TargetResult(node.Name, TargetStatus.Skipped, TimeSpan.Zero, node.SkipReason));
                else if (options.Attempt?.SucceededBefore(node.Name) == true)
                    results[node] = new TargetResult(node.Name, TargetStatus.Skipped, TimeSpan.Zero, "succeeded in the previous attempt (--continue)");
                else if (running.Count < options.Parallelism) Start(node, abort.Token);
            }

            if (running.Count == 0) break;
            var finished = await Task.WhenAny(running.Keys.Append(aborted.Task));
            if (finished == aborted.Task)
            {
                await abort.CancelAsync();
                await Task.WhenAll(running.Keys);
                foreach (var (task, node) in running) Record(node, task.Result);
                running.Clear();
                break;
            }
            var completed = (Task<TargetResult>)finished;
            Record(running[completed], completed.Result);
            running.Remove(completed);
        }

        return nodes.Select(node => results.GetValueOrDefault(node)
            ?? new TargetResult(node.Name, TargetStatus.NotRun, TimeSpan.Zero, null)).ToList();
    }

    string? NotRunReason(PlanNode node)
    {
        if (options.Abort.IsCancellationRequested) return "aborted";
        if (node.AssuredAfterFailure) return null;
        var brokenDependency = node.Dependencies.Concat(node.Triggerers).FirstOrDefault(dependency => results[dependency].Status switch
        {
            TargetStatus.Failed => !dependency.ProceedsAfterFailure,
            TargetStatus.NotRun or TargetStatus.Aborted => true,
            _ => false,
        });
        if (brokenDependency is not null)
            return results[brokenDependency].Status == TargetStatus.Failed ? $"{brokenDependency.Name} failed" : $"{brokenDependency.Name} did not run";
        if (halted) return "build failed";
        return null;
    }

    void Start(PlanNode node, CancellationToken cancellationToken)
    {
        var failingCondition = EvaluateDynamicConditions(node);
        if (failingCondition is not null)
        {
            Record(node, new TargetResult(node.Name, failingCondition.Value.Status, TimeSpan.Zero, failingCondition.Value.Note) { BadInput = badInput.Contains(node) });
            return;
        }
        var task = Task.Run(() => RunNodeAsync(node, cancellationToken));
        running[task] = node;
    }

    (TargetStatus Status, string Note)? EvaluateDynamicConditions(PlanNode node)
    {
        try
        {
            return Planner.FailingConditions(node.DynamicConditions) is { } failing ? (TargetStatus.Skipped, failing) : null;
        }
        catch (Exception exception)
        {
            var cause = Unwrap(exception);
            Log.Error(cause is InputException ? cause.Message : $"{node.Name}: {cause.Message}");
            if (cause is InputException) badInput.Add(node);
            return (TargetStatus.Failed, cause is InputException ? "bad input" : cause.Message);
        }
    }

    async Task<TargetResult> RunNodeAsync(PlanNode node, CancellationToken cancellationToken)
    {
        using var logScope = Log.ForTarget(options.Parallelism > 1 ? node.Name : null);
        var context = new TargetContext(node.Name, cancellationToken);
        var stopwatch = Stopwatch.StartNew();
        var grouped = options.GitHub.Enabled && options.Parallelism == 1;
        if (grouped) options.GitHub.BeginGroup(node.Name);
        else if (options.Parallelism == 1) Log.Info($"> {node.Name}");
        TargetResult result;
        try
        {
            foreach (var action in node.Actions)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await action(context);
            }
            result = context.SkipReason is { } skipped
                ? new TargetResult(node.Name, TargetStatus.Skipped, stopwatch.Elapsed, context.Note is null ? skipped : $"{skipped}; {context.Note}")
                : new TargetResult(node.Name, TargetStatus.Succeeded, stopwatch.Elapsed, context.Note);
            if (context.Spawned.Count > 0)
                lock (spawns) spawns[node] = context.Spawned;
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            result = new TargetResult(node.Name, TargetStatus.Aborted, stopwatch.Elapsed, context.Note);
        }
        catch (Exception exception) when (Unwrap(exception) is InputException input)
        {
            // Reported once, as the same line it would be when noticed while planning; the table only points here.
            Log.Error(input.Message);
            options.GitHub.Error(input.Message);
            result = new TargetResult(node.Name, TargetStatus.Failed, stopwatch.Elapsed, "bad input") { BadInput = true };
        }
        catch (Exception exception)
        {
            var cause = Unwrap(exception);
            Log.Error($"{node.Name}: {cause.Message}");
            if (options.ShowStackTraces) Log.Verbose(cause.ToString());
            options.GitHub.Error($"{node.Name}: {cause.Message}");
            result = new TargetResult(node.Name, TargetStatus.Failed, stopwatch.Elapsed, context.Note ?? cause.Message);
        }
        finally
        {
            if (grouped) options.GitHub.EndGroup();
        }

        return result;
    }

    void Record(PlanNode node, TargetResult result)
    {
        results[node] = result;
        IReadOnlyList<SubTarget>? spawned;
        lock (spawns) spawns.Remove(node, out spawned);
        if (spawned is not null && result.Status == TargetStatus.Succeeded)
            nodes.InsertRange(nodes.IndexOf(node) + 1, Spawning.Attach(node, spawned, nodes));
        if (result.Status == TargetStatus.Succeeded) options.Attempt?.RecordSuccess(node.Name);
        if (result.Status == TargetStatus.Skipped) CascadeSkip(node);
        if (result.Status == TargetStatus.Failed && !options.KeepGoing && !node.ProceedsAfterFailure)
            halted = true;
    }

    /// <summary>
    /// A target skipped while running (a dynamic condition) skips, by default, the targets it triggers and its
    /// dependencies still waiting, when nothing else that runs needs them — the same rule the planner applies.
    /// </summary>
    void CascadeSkip(PlanNode skipped)
    {
        if (skipped.SkippedBehavior != DependencyBehavior.Skip) return;
        foreach (var candidate in skipped.Dependencies.Concat(plan.TriggeredBy(skipped)).Distinct().ToList())
        {
            if (candidate.Invoked || candidate.SkipReason is not null || results.ContainsKey(candidate) || running.ContainsValue(candidate)) continue;
            var neededElsewhere = plan.Dependents(candidate).Any(other => other != skipped && IsStillRunning(other));
            if (neededElsewhere) continue;
            candidate.SkipReason = $"only needed by skipped {skipped.Name}";
        }
    }

    bool IsStillRunning(PlanNode node) =>
        node.SkipReason is null && (!results.TryGetValue(node, out var result) || result.Status != TargetStatus.Skipped);

    static Exception Unwrap(Exception exception) => exception switch
    {
        TargetInvocationException { InnerException: { } inner } => Unwrap(inner),
        AggregateException { InnerExceptions.Count: 1 } aggregate => Unwrap(aggregate.InnerExceptions[0]),
        _ => exception,
    };
}
