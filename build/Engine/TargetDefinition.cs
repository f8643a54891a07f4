namespace Strata.Engine;

internal sealed record Condition(Func<bool> Evaluate, string Text);

/// <summary>
/// A precondition checked before anything runs. <paramref name="IsParameterPresence"/> marks <c>Requires(() =&gt; Member)</c>,
/// whose member must be a [Parameter] (NUKE rejects anything else); <paramref name="ParameterMember"/> is its name.
/// </summary>
internal sealed record Requirement(Func<bool> IsSatisfied, string Text, string? ParameterMember, bool IsParameterPresence = false)
{
    public void CheckDeclaration(string target, IReadOnlyDictionary<string, string> parameterOptions)
    {
        if (IsParameterPresence && (ParameterMember is null || !parameterOptions.ContainsKey(ParameterMember)))
            throw new BuildInputException($"target {target} requires '{Text}', which is not a [Parameter] member; Requires(() => X) takes a parameter, Requires(() => condition) a bool");
    }

    public string Describe(IReadOnlyDictionary<string, string> parameterOptions) =>
        ParameterMember is null ? Text : parameterOptions.GetValueOrDefault(ParameterMember) ?? "--" + Names.ToKebab(ParameterMember);
}

internal sealed class TargetDefinition : ITargetDefinition
{
    public string? DescriptionText { get; private set; }
    public List<Target> Dependencies { get; } = [];
    public List<Target> Dependents { get; } = [];
    public List<Target> RunsBefore { get; } = [];
    public List<Target> RunsAfter { get; } = [];
    public List<Target> Triggered { get; } = [];
    public List<Target> Triggerers { get; } = [];
    public List<Condition> StaticConditions { get; } = [];
    public List<Condition> DynamicConditions { get; } = [];
    /// <summary>NUKE's default: a skipped target's dependencies are skipped too, unless something else needs them.</summary>
    public DependencyBehavior SkippedBehavior { get; private set; } = DependencyBehavior.Skip;
    public bool ProceedsAfterFailure { get; private set; }
    public bool IsAssuredAfterFailure { get; private set; }
    public List<Requirement> Requirements { get; } = [];
    public bool IsUnlisted { get; private set; }
    /// <summary>Null: the target needs the managed build.</summary>
    public Condition? NativeCondition { get; private set; }
    public List<Func<TargetContext, Task>> Actions { get; } = [];
    public Func<IEnumerable<SubTarget>>? Expansion { get; private set; }

    public ITargetDefinition Description(string text) { DescriptionText = text; return this; }
    public ITargetDefinition DependsOn(params Target[] targets) { Dependencies.AddRange(targets); return this; }
    public ITargetDefinition DependentFor(params Target[] targets) { Dependents.AddRange(targets); return this; }
    public ITargetDefinition Before(params Target[] targets) { RunsBefore.AddRange(targets); return this; }
    public ITargetDefinition After(params Target[] targets) { RunsAfter.AddRange(targets); return this; }
    public ITargetDefinition Triggers(params Target[] targets) { Triggered.AddRange(targets); return this; }
    public ITargetDefinition TriggeredBy(params Target[] targets) { Triggerers.AddRange(targets); return this; }

    public ITargetDefinition OnlyWhenStatic(Func<bool> condition, string? text = null)
    {
        StaticConditions.Add(new Condition(condition, ConditionText.Simplify(text)));
        return this;
    }

    public ITargetDefinition OnlyWhenDynamic(Func<bool> condition, string? text = null)
    {
        DynamicConditions.Add(new Condition(condition, ConditionText.Simplify(text)));
        return this;
    }

    public ITargetDefinition WhenSkipped(DependencyBehavior behavior) { SkippedBehavior = behavior; return this; }
    public ITargetDefinition ProceedAfterFailure() { ProceedsAfterFailure = true; return this; }
    public ITargetDefinition AssuredAfterFailure() { IsAssuredAfterFailure = true; return this; }

    public ITargetDefinition Requires<T>(Func<T> parameter, string? text = null)
    {
        var name = ConditionText.Simplify(text);
        var member = name.StartsWith("this.", StringComparison.Ordinal) ? name[5..] : name;
        Requirements.Add(new Requirement(() => HasValue(parameter()), name, Names.IsIdentifier(member) ? member : null, IsParameterPresence: true));
        return this;
    }

    public ITargetDefinition Requires(Func<bool> condition, string? text = null)
    {
        Requirements.Add(new Requirement(condition, ConditionText.Simplify(text), null));
        return this;
    }

    public ITargetDefinition Unlisted() { IsUnlisted = true; return this; }

    public ITargetDefinition RunsNatively(Func<bool>? condition = null, string? text = null)
    {
        NativeCondition = new Condition(condition ?? (() => true), condition is null ? "always" : ConditionText.Simplify(text));
        return this;
    }

    public ITargetDefinition Executes(Action action) =>
        Executes(_ => { action(); return Task.CompletedTask; });

    public ITargetDefinition Executes(Func<Task> action) => Executes(_ => action());

    public ITargetDefinition Executes(Action<TargetContext> action) =>
        Executes(context => { action(context); return Task.CompletedTask; });

    public ITargetDefinition Executes(Func<TargetContext, Task> action) { Actions.Add(action); return this; }

    public ITargetDefinition Expands(Func<IEnumerable<SubTarget>> subTargets) { Expansion = subTargets; return this; }

    /// <summary>NUKE's rule: a string must not be null or white space; any other value must not be null (an empty array passes).</summary>
    static bool HasValue(object? value) => value switch
    {
        null => false,
        string text => !string.IsNullOrWhiteSpace(text),
        _ => true,
    };
}

internal static class ConditionText
{
    public static string Simplify(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "condition";
        var trimmed = text.Trim();
        if (trimmed.StartsWith("()", StringComparison.Ordinal))
        {
            var arrow = trimmed.IndexOf("=>", StringComparison.Ordinal);
            if (arrow >= 0) trimmed = trimmed[(arrow + 2)..].Trim();
        }
        return string.Join(' ', trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}
