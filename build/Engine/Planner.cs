namespace Strata.Engine;

internal sealed class PlanNode(string name, DeclaredTarget target, SubTarget? sub, PlanNode? parent)
{
    public string Name { get; } = name;
    public DeclaredTarget Target { get; } = target;
    public SubTarget? Sub { get; } = sub;
    public PlanNode? Parent { get; } = parent;
    public int Order { get; set; }
    public List<PlanNode> Dependencies { get; } = [];
    public List<PlanNode> Triggerers { get; } = [];
    public List<PlanNode> RunsAfter { get; } = [];
    public string? SkipReason { get; set; }
    public string? Description => Sub is null ? Target.Description : Sub.Description;
    public bool ProceedsAfterFailure => Target.Definition.ProceedsAfterFailure;
    public bool AssuredAfterFailure => Target.Definition.IsAssuredAfterFailure;
    public IReadOnlyList<Condition> DynamicConditions => Target.Definition.DynamicConditions;

    public IReadOnlyList<Func<TargetContext, Task>> Actions =>
        Sub is null ? Target.Definition.Actions : [Sub.Body];

    public IEnumerable<PlanNode> Waits => Dependencies.Concat(Triggerers).Concat(RunsAfter).Distinct();
}

internal sealed record SkipRequest(bool SkipAllNotInvoked, IReadOnlyList<string> Names)
{
    public static readonly SkipRequest None = new(false, []);
}

internal sealed record ExecutionPlan(IReadOnlyList<PlanNode> Nodes, IReadOnlyList<string> Invoked);

/// <summary>Adds the sub-targets a running node spawned to the plan, waited for wherever the spawner is.</summary>
internal static class Spawning
{
    public static List<PlanNode> Attach(PlanNode spawner, IReadOnlyList<SubTarget> spawned, IEnumerable<PlanNode> others)
    {
        var family = spawner.Parent ?? spawner;
        var nodes = spawned.Select(sub => new PlanNode(sub.QualifiedName(family.Name), family.Target, sub, family)).ToList();
        var byName = nodes.ToDictionary(node => Names.Normalize(node.Sub!.Name));
        foreach (var node in nodes)
        {
            node.Dependencies.Add(spawner);
            foreach (var name in node.Sub!.DependsOn.Concat(node.Sub.After))
                if (byName.GetValueOrDefault(Names.Normalize(name)) is { } sibling && sibling != node)
                    (node.Sub.DependsOn.Contains(name) ? node.Dependencies : node.RunsAfter).Add(sibling);
        }
        foreach (var other in others)
        {
            if (other.Dependencies.Contains(spawner)) other.Dependencies.AddRange(nodes);
            if (other.RunsAfter.Contains(spawner)) other.RunsAfter.AddRange(nodes);
        }
        return nodes;
    }
}

/// <summary>Turns invoked targets into an ordered, validated list of nodes; nothing runs here.</summary>
internal static class Planner
{
    public static void CheckCycles(TargetModel model)
    {
        var edges = model.Targets.ToDictionary(
            t => t.Name,
            t => (IReadOnlyList<string>)t.Dependencies.Concat(t.RunsAfter)
                .Concat(model.Targets.Where(other => other.Triggers.Contains(t.Name)).Select(other => other.Name)).ToList());
        var cycle = FindCycle(model.Targets.Select(t => t.Name).ToList(), name => edges[name]);
        if (cycle is not null)
            throw new BuildInputException($"dependency cycle: {string.Join(" -> ", cycle)}");
    }

    public static ExecutionPlan Plan(
        TargetModel model,
        IReadOnlyList<string> invokedNames,
        SkipRequest skip,
        bool checkRequirements,
        IReadOnlyDictionary<string, string>? parameterOptions = null)
    {
        CheckCycles(model);
        var invoked = invokedNames.Select(model.Resolve).Distinct().ToList();
        if (invoked.Count == 0)
            throw new BuildInputException(
                $"no target given and no default target; available targets: {string.Join(", ", model.Targets.Where(t => !t.IsUnlisted).Select(t => t.Name))}");

        var planned = Closure(model, invoked);
        var skipReasons = new Dictionary<DeclaredTarget, string>();
        var subSkips = new List<string>();
        if (skip.SkipAllNotInvoked)
            foreach (var target in planned.Where(t => !invoked.Contains(t)))
                skipReasons[target] = "--skip";
        foreach (var name in skip.Names)
        {
            var target = model.Find(name);
            if (target is null) subSkips.Add(name);
            else if (planned.Contains(target)) skipReasons[target] = "--skip";
        }

        foreach (var target in planned.Where(t => !skipReasons.ContainsKey(t)))
        {
            var failing = target.Definition.StaticConditions.FirstOrDefault(c => !c.Evaluate());
            if (failing is not null) skipReasons[target] = failing.Text;
        }
        CascadeSkips(model, planned, invoked, skipReasons);

        // Without its requirements a family cannot expand; --plan then shows the family alone.
        var unexpandable = new HashSet<DeclaredTarget>();
        foreach (var target in planned.Where(t => !skipReasons.ContainsKey(t)))
            foreach (var requirement in target.Definition.Requirements)
                if (!requirement.IsSatisfied())
                {
                    if (checkRequirements)
                        throw new BuildInputException($"target {target.Name} requires {requirement.Describe(parameterOptions ?? new Dictionary<string, string>())}");
                    unexpandable.Add(target);
                }

        var nodes = BuildNodes(model, planned, skipReasons, unexpandable);
        ApplySubTargetSkips(nodes, subSkips, model);
        var ordered = TopologicalOrder(nodes);
        return new ExecutionPlan(ordered, invoked.Select(t => t.Name).ToList());
    }

    static List<DeclaredTarget> Closure(TargetModel model, IReadOnlyList<DeclaredTarget> invoked)
    {
        var planned = new HashSet<DeclaredTarget>();
        var queue = new Queue<DeclaredTarget>(invoked);
        while (queue.TryDequeue(out var target))
        {
            if (!planned.Add(target)) continue;
            foreach (var name in target.Dependencies.Concat(target.Triggers))
                queue.Enqueue(model.Resolve(name));
        }
        return planned.OrderBy(t => t.Order).ToList();
    }

    static void CascadeSkips(TargetModel model, List<DeclaredTarget> planned, List<DeclaredTarget> invoked, Dictionary<DeclaredTarget, string> skipReasons)
    {
        bool changed;
        do
        {
            changed = false;
            foreach (var skipped in planned.Where(t => skipReasons.ContainsKey(t) && t.Definition.SkippedBehavior == DependencyBehavior.Skip).ToList())
                foreach (var dependency in skipped.Dependencies.Select(model.Resolve))
                {
                    if (skipReasons.ContainsKey(dependency) || invoked.Contains(dependency)) continue;
                    var neededElsewhere = planned.Any(other =>
                        !skipReasons.ContainsKey(other) && (other.Dependencies.Contains(dependency.Name) || other.Triggers.Contains(dependency.Name)));
                    if (neededElsewhere) continue;
                    skipReasons[dependency] = $"only needed by skipped {skipped.Name}";
                    changed = true;
                }
        } while (changed);
    }

    static List<PlanNode> BuildNodes(TargetModel model, List<DeclaredTarget> planned, Dictionary<DeclaredTarget, string> skipReasons,
        IReadOnlySet<DeclaredTarget> unexpandable)
    {
        var topLevel = planned.ToDictionary(t => t.Name, t => new PlanNode(t.Name, t, null, null) { SkipReason = skipReasons.GetValueOrDefault(t) });
        PlanNode? Planned(string name) => topLevel.GetValueOrDefault(name);

        foreach (var target in planned)
        {
            var node = topLevel[target.Name];
            node.Dependencies.AddRange(target.Dependencies.Select(Planned).OfType<PlanNode>());
            node.RunsAfter.AddRange(target.RunsAfter.Select(Planned).OfType<PlanNode>());
            foreach (var triggered in target.Triggers.Select(Planned).OfType<PlanNode>())
                triggered.Triggerers.Add(node);
        }

        var nodes = new List<PlanNode>();
        foreach (var target in planned)
        {
            var parent = topLevel[target.Name];
            if (target.Definition.Expansion is { } expansion && parent.SkipReason is null && !unexpandable.Contains(target))
                nodes.AddRange(Expand(parent, expansion));
            nodes.Add(parent);
        }
        for (var i = 0; i < nodes.Count; i++) nodes[i].Order = i;
        return nodes;
    }

    static List<PlanNode> Expand(PlanNode parent, Func<IEnumerable<SubTarget>> expansion)
    {
        var subTargets = expansion().ToList();
        var subs = new Dictionary<string, PlanNode>();
        foreach (var sub in subTargets)
        {
            var node = new PlanNode(sub.QualifiedName(parent.Name), parent.Target, sub, parent);
            if (!subs.TryAdd(Names.Normalize(sub.Name), node))
                throw new BuildInputException($"target {parent.Name} expands to sub-target '{sub.Name}' twice");
        }
        foreach (var node in subs.Values)
        {
            node.Dependencies.AddRange(parent.Dependencies);
            node.Triggerers.AddRange(parent.Triggerers);
            node.RunsAfter.AddRange(parent.RunsAfter);
            foreach (var name in node.Sub!.DependsOn)
            {
                var dependency = subs.GetValueOrDefault(Names.Normalize(name))
                    ?? throw new BuildInputException(
                        $"sub-target {node.Name} depends on unknown sub-target '{name}'; available: {string.Join(", ", subTargets.Select(s => s.Name))}");
                if (dependency == node) throw new BuildInputException($"target {node.Name} depends on itself");
                node.Dependencies.Add(dependency);
            }
            foreach (var name in node.Sub.After)
            {
                var earlier = subs.GetValueOrDefault(Names.Normalize(name))
                    ?? throw new BuildInputException(
                        $"sub-target {node.Name} runs after unknown sub-target '{name}'; available: {string.Join(", ", subTargets.Select(s => s.Name))}");
                if (earlier == node) throw new BuildInputException($"target {node.Name} runs after itself");
                node.RunsAfter.Add(earlier);
            }
        }
        parent.Dependencies.AddRange(subs.Values);
        return subs.Values.ToList();
    }

    static void ApplySubTargetSkips(List<PlanNode> nodes, List<string> names, TargetModel model)
    {
        foreach (var name in names)
        {
            var node = nodes.FirstOrDefault(n => n.Sub is not null && Names.Match(n.Name, name));
            if (node is null) model.Resolve(name);
            else node.SkipReason = "--skip";
        }
    }

    static List<PlanNode> TopologicalOrder(List<PlanNode> nodes)
    {
        var cycle = FindCycle(nodes, node => node.Waits.ToList());
        if (cycle is not null)
            throw new BuildInputException($"dependency cycle: {string.Join(" -> ", cycle.Select(n => n.Name))}");

        var remaining = nodes.ToDictionary(n => n, n => n.Waits.Count());
        var waitingOn = nodes.ToDictionary(n => n, _ => new List<PlanNode>());
        foreach (var node in nodes)
            foreach (var wait in node.Waits)
                waitingOn[wait].Add(node);
        var ready = new SortedSet<PlanNode>(nodes.Where(n => remaining[n] == 0), Comparer<PlanNode>.Create((a, b) => a.Order.CompareTo(b.Order)));
        var ordered = new List<PlanNode>();
        while (ready.Count > 0)
        {
            var next = ready.Min!;
            ready.Remove(next);
            ordered.Add(next);
            foreach (var dependent in waitingOn[next])
                if (--remaining[dependent] == 0)
                    ready.Add(dependent);
        }
        return ordered;
    }

    static List<T>? FindCycle<T>(IReadOnlyList<T> nodes, Func<T, IReadOnlyList<T>> edges) where T : notnull
    {
        var state = new Dictionary<T, int>();
        var path = new List<T>();

        List<T>? Visit(T node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var next in edges(node))
            {
                var nextState = state.GetValueOrDefault(next);
                if (nextState == 1)
                    return [.. path.Skip(path.IndexOf(next)), next];
                if (nextState == 0 && Visit(next) is { } found)
                    return found;
            }
            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }

        foreach (var node in nodes)
            if (state.GetValueOrDefault(node) == 0 && Visit(node) is { } cycle)
                return cycle;
        return null;
    }
}
