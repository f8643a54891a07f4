namespace Strata.GitHub.Workflows;

/// <summary>One generated file: where it goes (relative to the repository root), its header comment, its content.</summary>
public sealed record WorkflowFile(string Path, string Header, Workflow Workflow);

public sealed record Workflow
{
    public required string Name { get; init; }
    public required Triggers On { get; init; }
    public Permissions Permissions { get; init; } = Permissions.None;
    public Concurrency? Concurrency { get; init; }
    public ValueMap Env { get; init; } = ValueMap.Empty;
    public required ValueList<Job> Jobs { get; init; }
}

public sealed record Triggers
{
    public PushTrigger? Push { get; init; }
    public PullRequestTrigger? PullRequest { get; init; }
    public bool WorkflowDispatch { get; init; }
    /// <summary>The inputs a manual run asks for (only with <see cref="WorkflowDispatch"/>).</summary>
    public ValueList<DispatchInput> DispatchInputs { get; init; } = ValueList<DispatchInput>.Empty;
    /// <summary>Cron expressions (UTC) of scheduled runs.</summary>
    public ValueList<string> Schedules { get; init; } = ValueList<string>.Empty;
}

/// <summary>A boolean input of a manual run, with its default.</summary>
public sealed record DispatchInput(string Name, string Description, bool Default);

public sealed record PushTrigger
{
    public ValueList<string> Branches { get; init; } = ValueList<string>.Empty;
    public ValueList<string> Tags { get; init; } = ValueList<string>.Empty;
}

public sealed record PullRequestTrigger
{
    public ValueList<string> Branches { get; init; } = ValueList<string>.Empty;
    public ValueList<string> Types { get; init; } = ValueList<string>.Empty;
}

/// <summary><paramref name="Group"/> may hold expressions; runs in the same group queue or cancel each other.</summary>
public sealed record Concurrency(string Group, bool CancelInProgress);
