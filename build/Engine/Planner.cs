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
    /// <summary>Named on the command line (a default target is not): never skipped by <c>--skip</c> or a dependent's skip.</summary>
    public bool Invoked { get; init; }
    public DependencyBehavior SkippedBehavior => Target.Definition.SkippedBehavior;
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

internal sealed record ExecutionPlan(IReadOnlyList<PlanNode> Nodes, IReadOnlyList<string> Invoked)
{
    /// <summary>Targets that <paramref name="node"/> triggers.</summary>
    public IEnumerable<PlanNode> TriggeredBy(PlanNode node) => Nodes.Where(other => other.Triggerers.Contains(node));

    /// <summary>Planned nodes that need <paramref name="node"/>: they depend on it or it is triggered by them.</summary>
    public IEnumerable<PlanNode> Dependents(PlanNode node) =>
        Nodes.Where(other => other.Dependencies.Contains(node) || node.Triggerers.Contains(other));
}

/// <summary>Adds the sub-targets a running node spawned to the plan, waited for wherever the spawner is.</summary>
internal static class Spawning
{
    public static List<PlanNode> Attach(PlanNode spawner, IReadOnlyList<SubTarget> spawned, IEnumerable<PlanNode> others)
    {
        var family = spawner.Parent ?? spawner;
        var nodes = spawned.Select(sub => new PlanNode(sub.QualifiedName(family.Name), family.Target, sub, family) { Invoked = family.Invoked }).ToList();
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

    /// <param name="invokedNames">The targets to run.</param>
    /// <param name="namedOnCommandLine">False when <paramref name="invokedNames"/> are the default targets: as in NUKE,
    /// defaults are not "invoked", so a bare <c>--skip</c> skips them too.</param>
    public static ExecutionPlan Plan(
        TargetModel model,
        IReadOnlyList<string> invokedNames,
        SkipRequest skip,
        bool checkRequirements,
        IReadOnlyDictionary<string, string>? parameterOptions = null,
        bool namedOnCommandLine = true)
    {
        CheckCycles(model);
        var targets = invokedNames.Select(model.Resolve).Distinct().ToList();
        if (targets.Count == 0)
            throw new BuildInputException(
                $"no target given and no default target; available targets: {string.Join(", ", model.Targets.Where(t => !t.IsUnlisted).Select(t => t.Name))}");
        var invoked = namedOnCommandLine ? targets : [];

        var planned = Closure(model, targets);
        var skipReasons = new Dictionary<DeclaredTarget, string>();
        var subSkips = new List<string>();
        var skippedByParameter = new List<DeclaredTarget>();
        if (skip.SkipAllNotInvoked)
            skippedByParameter.AddRange(planned);
        foreach (var name in skip.Names)
        {
            var target = model.Find(name);
            if (target is null) subSkips.Add(name);
            else if (planned.Contains(target)) skippedByParameter.Add(target);
        }
        foreach (var target in skippedByParameter.Where(t => !invoked.Contains(t)))
            skipReasons[target] = "--skip";

        foreach (var target in planned.Where(t => !skipReasons.ContainsKey(t)))
            if (FailingConditions(target.Definition.StaticConditions) is { } failing)
                skipReasons[target] = failing;
        CascadeSkips(model, planned, invoked, skipReasons);

        foreach (var target in planned.Where(t => !skipReasons.ContainsKey(t)))
            foreach (var requirement in target.Definition.Requirements)
                requirement.CheckDeclaration(target.Name, parameterOptions ?? new Dictionary<string, string>());

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

        var nodes = BuildNodes(model, planned, skipReasons, unexpandable, invoked);
        ApplySubTargetSkips(nodes, subSkips, model);
        var ordered = TopologicalOrder(nodes);
        return new ExecutionPlan(ordered, targets.Select(t => t.Name).ToList());
    }

    /// <summary>The text of every condition that does not hold, joined as NUKE reports them (<c>A &amp;&amp; B</c>); null when all hold.</summary>
    internal static string? FailingConditions(IEnumerable<Condition> conditions)
    {
        var failing = conditions.Where(condition => !condition.Evaluate()).Select(condition => condition.Text).ToList();
        return failing.Count == 0 ? null : string.Join(" && ", failing);
    }

    /// <summary>The invoked targets and every target they depend on or trigger, before skips and expansions.</summary>
    internal static List<DeclaredTarget> Closure(TargetModel model, IReadOnlyList<DeclaredTarget> invoked)
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

    /// <summary>
    /// A skipped target whose <see cref="DependencyBehavior"/> is <see cref="DependencyBehavior.Skip"/> (the default) also
    /// skips its dependencies and the targets it triggers, unless another target that still runs needs them.
    /// </summary>
    static void CascadeSkips(TargetModel model, List<DeclaredTarget> planned, List<DeclaredTarget> invoked, Dictionary<DeclaredTarget, string> skipReasons)
    {
        bool changed;
        do
        {
            changed = false;
            foreach (var skipped in planned.Where(t => skipReasons.ContainsKey(t) && t.Definition.SkippedBehavior == DependencyBehavior.Skip).ToList())
                foreach (var dependency in skipped.Dependencies.Concat(skipped.Triggers).Select(model.Resolve))
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
        IReadOnlySet<DeclaredTarget> unexpandable, List<DeclaredTarget> invoked)
    {
        var topLevel = planned.ToDictionary(t => t.Name,
            t => new PlanNode(t.Name, t, null, null) { SkipReason = skipReasons.GetValueOrDefault(t), Invoked = invoked.Contains(t) });
        PlanNode? Planned(string name) => topLevel.GetValueOrDefault(name);

        foreach (var target in planned)
        {
            var node = topLevel[target.Name];
            node.Dependencies.AddRange(target.Dependencies.Select(Planned).OfType<PlanNode>());
            node.RunsAfter.AddRange(target.RunsAfter.Select(Planned).OfType<PlanNode>());
            foreach (var triggered in target.Triggers.Select(Planned).OfType<PlanNode>())
                triggered.Triggerers.Add(node);
        }

        // Sub-targets have one identity across families: two families expanding to the same qualified name share one
        // node (the first family's), which then waits on the relations of both.
        var subTargets = new Dictionary<string, PlanNode>();
        var nodes = new List<PlanNode>();
        var expanded = new List<(PlanNode Parent, List<PlanNode> Subs)>();
        foreach (var target in planned)
        {
            var parent = topLevel[target.Name];
            if (target.Definition.Expansion is { } expansion && parent.SkipReason is null && !unexpandable.Contains(target))
            {
                var subs = Expand(parent, expansion, subTargets, out var created);
                nodes.AddRange(created);
                expanded.Add((parent, subs));
            }
            nodes.Add(parent);
        }
        var ownDependencies = expanded.ToDictionary(family => family.Parent, family => family.Parent.Dependencies.ToList());
        foreach (var (parent, subs) in expanded)
            foreach (var node in subs)
            {
                node.Dependencies.AddRange(ownDependencies[parent].Except(node.Dependencies));
                node.Triggerers.AddRange(parent.Triggerers.Except(node.Triggerers));
                node.RunsAfter.AddRange(parent.RunsAfter.Except(node.RunsAfter));
            }
        foreach (var (parent, subs) in expanded)
            parent.Dependencies.AddRange(subs.Except(parent.Dependencies));
        foreach (var node in subTargets.Values)
            foreach (var name in node.Sub!.DependsOn)
            {
                var dependency = subTargets.GetValueOrDefault(SubTargetKey(node.Parent!.Name, name))
                    ?? throw new BuildInputException(
                        $"sub-target {node.Name} depends on unknown sub-target '{name}'; available: {string.Join(", ", subTargets.Values.Where(s => s.Parent == node.Parent).Select(s => s.Sub!.Name))}");
                if (dependency == node) throw new BuildInputException($"target {node.Name} depends on itself");
                if (!node.Dependencies.Contains(dependency)) node.Dependencies.Add(dependency);
            }
        foreach (var node in subTargets.Values)
            foreach (var name in node.Sub!.After)
            {
                var earlier = subTargets.GetValueOrDefault(SubTargetKey(node.Parent!.Name, name))
                    ?? throw new BuildInputException(
                        $"sub-target {node.Name} runs after unknown sub-target '{name}'; available: {string.Join(", ", subTargets.Values.Where(s => s.Parent == node.Parent).Select(s => s.Sub!.Name))}");
                if (earlier == node) throw new BuildInputException($"target {node.Name} runs after itself");
                if (!node.RunsAfter.Contains(earlier)) node.RunsAfter.Add(earlier);
            }
        for (var i = 0; i < nodes.Count; i++) nodes[i].Order = i;
        return nodes;
    }

    static string SubTargetKey(string family, string name) => Names.Normalize(name.Contains('[') ? name : $"{family}[{name}]");

    /// <summary>The nodes of one family's expansion; <paramref name="created"/> holds the ones no earlier family made.</summary>
    static List<PlanNode> Expand(PlanNode parent, Func<IEnumerable<SubTarget>> expansion, Dictionary<string, PlanNode> all, out List<PlanNode> created)
    {
        var subs = new List<PlanNode>();
        created = [];
        foreach (var sub in expansion())
        {
            var key = SubTargetKey(parent.Name, sub.Name);
            if (subs.Any(node => SubTargetKey(node.Parent!.Name, node.Name) == key))
                throw new BuildInputException($"target {parent.Name} expands to sub-target '{sub.Name}' twice");
            if (!all.TryGetValue(key, out var node))
            {
                node = new PlanNode(sub.QualifiedName(parent.Name), parent.Target, sub, parent) { Invoked = parent.Invoked };
                all[key] = node;
                created.Add(node);
            }
            subs.Add(node);
        }
        return subs;
    }

    /// <summary><c>--skip Family[item]</c> skips the one sub-target of that name, whichever families expanded to it.</summary>
    static void ApplySubTargetSkips(List<PlanNode> nodes, List<string> names, TargetModel model)
    {
        foreach (var name in names)
        {
            var matches = nodes.Where(n => n.Sub is not null && Names.Match(n.Name, name)).ToList();
            if (matches.Count == 0) model.Resolve(name);
            foreach (var node in matches) node.SkipReason = "--skip";
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
