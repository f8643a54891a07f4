namespace Strata.GitHub.Workflows;

public sealed record Job
{
    public required string Id { get; init; }
    public string? Name { get; init; }
    public ValueList<string> Needs { get; init; } = ValueList<string>.Empty;
    /// <summary>The condition as expression text, without the <c>${{ }}</c> wrapper.</summary>
    public string? If { get; init; }
    public required string RunsOn { get; init; }
    public Permissions? Permissions { get; init; }
    public int? TimeoutMinutes { get; init; }
    /// <summary>When true, a failure of this job (or of one of its matrix rows) does not fail the run.</summary>
    public bool? ContinueOnError { get; init; }
    public Strategy? Strategy { get; init; }
    public ValueMap Env { get; init; } = ValueMap.Empty;
    public ValueMap Outputs { get; init; } = ValueMap.Empty;
    public required ValueList<Step> Steps { get; init; }
}

/// <summary><paramref name="Matrix"/> is the whole matrix value, e.g. <c>${{ fromJSON(needs.derive.outputs.matrix) }}</c>.</summary>
public sealed record Strategy(string Matrix, bool? FailFast = null, int? MaxParallel = null);
