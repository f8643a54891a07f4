namespace Strata.GitHub.Workflows;

/// <summary>A step either uses an action (<see cref="Uses"/> with <see cref="With"/>) or runs a script (<see cref="Run"/>).</summary>
public sealed record Step
{
    public string? Name { get; init; }
    public string? Id { get; init; }
    /// <summary>The condition as expression text, without the <c>${{ }}</c> wrapper.</summary>
    public string? If { get; init; }
    public string? Uses { get; init; }
    public ValueMap With { get; init; } = ValueMap.Empty;
    public ValueMap Env { get; init; } = ValueMap.Empty;
    public string? Shell { get; init; }
    /// <summary>When true, the step's failure leaves its outcome <c>failure</c> but its conclusion <c>success</c>.</summary>
    public bool? ContinueOnError { get; init; }
    /// <summary>A shell script; it must not contain <c>${{</c> (values reach it only through <see cref="Env"/>).</summary>
    public string? Run { get; init; }
    /// <summary>The build call <see cref="Run"/> renders, typed, when the step calls the build; tests and rehearsals expand it.</summary>
    public BuildCommand? Command { get; init; }
}
