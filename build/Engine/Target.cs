using System.Runtime.CompilerServices;

namespace Strata.Engine;

public delegate ITargetDefinition Target(ITargetDefinition _);

public enum DependencyBehavior
{
    Execute,
    Skip,
}

public interface ITargetDefinition
{
    ITargetDefinition Description(string text);
    ITargetDefinition DependsOn(params Target[] targets);
    ITargetDefinition DependentFor(params Target[] targets);
    ITargetDefinition Before(params Target[] targets);
    ITargetDefinition After(params Target[] targets);
    ITargetDefinition Triggers(params Target[] targets);
    ITargetDefinition TriggeredBy(params Target[] targets);
    ITargetDefinition OnlyWhenStatic(Func<bool> condition, [CallerArgumentExpression(nameof(condition))] string? text = null);
    ITargetDefinition OnlyWhenDynamic(Func<bool> condition, [CallerArgumentExpression(nameof(condition))] string? text = null);
    ITargetDefinition WhenSkipped(DependencyBehavior behavior);
    ITargetDefinition ProceedAfterFailure();
    ITargetDefinition AssuredAfterFailure();
    ITargetDefinition Requires<T>(Func<T> parameter, [CallerArgumentExpression(nameof(parameter))] string? text = null);
    ITargetDefinition Requires(Func<bool> condition, [CallerArgumentExpression(nameof(condition))] string? text = null);
    ITargetDefinition Unlisted();
    /// <summary>
    /// The target may run in the native build (see <see cref="NativeStart"/>), while <paramref name="condition"/> holds:
    /// its work uses none of what that build cannot run (the Docker and GitHub clients).
    /// </summary>
    ITargetDefinition RunsNatively(Func<bool>? condition = null, [CallerArgumentExpression(nameof(condition))] string? text = null);
    ITargetDefinition Executes(Action action);
    ITargetDefinition Executes(Func<Task> action);
    ITargetDefinition Executes(Action<TargetContext> action);
    ITargetDefinition Executes(Func<TargetContext, Task> action);
    ITargetDefinition Expands(Func<IEnumerable<SubTarget>> subTargets);
}

/// <summary>
/// A generated target of a family. A plain name <c>x</c> of family <c>F</c> shows as <c>F[x]</c>; a name that is already
/// qualified (<c>BuildBase[python-cpu-2404]</c>) is kept, so one family can hold sub-targets of several kinds.
/// </summary>
public sealed record SubTarget(string Name, Func<TargetContext, Task> Body)
{
    internal string QualifiedName(string family) => Name.Contains('[') ? Name : $"{family}[{Name}]";

    public IReadOnlyList<string> DependsOn { get; init; } = [];
    /// <summary>Sibling sub-targets this one waits for without depending on their success (it decides for itself).</summary>
    public IReadOnlyList<string> After { get; init; } = [];
    public string? Description { get; init; }
}

public sealed class TargetContext
{
    public TargetContext(string name, CancellationToken cancellationToken)
    {
        Name = name;
        CancellationToken = cancellationToken;
    }

    public string Name { get; }
    public string? Note { get; set; }
    public CancellationToken CancellationToken { get; }

    /// <summary>Set by <see cref="Skip"/>: the target ends as Skipped with this reason.</summary>
    public string? SkipReason { get; private set; }

    /// <summary>Ends the target as Skipped (a decision made while running, e.g. a condition only known then).</summary>
    public void Skip(string reason) => SkipReason = reason;

    readonly List<SubTarget> spawned = [];

    /// <summary>Sub-targets discovered while running (e.g. matrix rows known only now); they run after this one, and
    /// every target that waits for this one also waits for them.</summary>
    public IReadOnlyList<SubTarget> Spawned => spawned;

    public void Spawn(IEnumerable<SubTarget> subTargets) => spawned.AddRange(subTargets);
}

/// <summary>Bad input the engine itself notices (parameters, targets, files it reads).</summary>
public sealed class BuildInputException(string message) : InputException(message);
