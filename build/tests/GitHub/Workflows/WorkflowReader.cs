using Strata.GitHub.Workflows;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Strata.Tests.GitHub.Workflows;

/// <summary>
/// Reads a rendered workflow back into the model with YamlDotNet's parser, independently of the
/// writer, so that a round trip proves the YAML says what the model says. Unknown keys fail.
/// </summary>
static class WorkflowReader
{
    public static YamlMappingNode Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)Assert.Single(stream.Documents).RootNode;
    }

    public static Workflow Read(string yaml)
    {
        var root = Parse(yaml);
        Only(root, "name", "on", "permissions", "concurrency", "env", "jobs");
        return new Workflow
        {
            Name = Text(root, "name")!,
            On = ReadTriggers(Map(root, "on")!),
            Permissions = ReadPermissions(Map(root, "permissions")!),
            Concurrency = Map(root, "concurrency") is { } concurrency
                ? new Concurrency(Text(concurrency, "group")!, Bool(concurrency, "cancel-in-progress")!.Value)
                : null,
            Env = ReadValueMap(Map(root, "env")),
            Jobs = new ValueList<Job>(Map(root, "jobs")!.Children.Select(j => ReadJob(((YamlScalarNode)j.Key).Value!, (YamlMappingNode)j.Value))),
        };
    }

    static Triggers ReadTriggers(YamlMappingNode on)
    {
        Only(on, "push", "pull_request", "workflow_dispatch", "schedule");
        return new Triggers
        {
            Push = Map(on, "push") is { } push
                ? new PushTrigger { Branches = List(push, "branches"), Tags = List(push, "tags") }
                : null,
            PullRequest = Map(on, "pull_request") is { } pullRequest
                ? new PullRequestTrigger { Branches = List(pullRequest, "branches"), Types = List(pullRequest, "types") }
                : null,
            WorkflowDispatch = on.Children.ContainsKey("workflow_dispatch"),
            DispatchInputs = Map(on, "workflow_dispatch") is { } dispatch && Map(dispatch, "inputs") is { } inputs
                ? new ValueList<DispatchInput>(inputs.Children.Select(input => new DispatchInput(((YamlScalarNode)input.Key).Value!,
                    Text((YamlMappingNode)input.Value, "description")!, Bool((YamlMappingNode)input.Value, "default")!.Value)))
                : ValueList<DispatchInput>.Empty,
            Schedules = on.Children.TryGetValue("schedule", out var schedule)
                ? new ValueList<string>(((YamlSequenceNode)schedule).Children.Select(cron => Text((YamlMappingNode)cron, "cron")!))
                : ValueList<string>.Empty,
        };
    }

    static Permissions ReadPermissions(YamlMappingNode permissions) =>
        new(new ValueList<Permission>(permissions.Children.Select(p => new Permission(
            ParseScope(((YamlScalarNode)p.Key).Value!), ParseAccess(((YamlScalarNode)p.Value).Value!)))));

    static PermissionScope ParseScope(string name) =>
        Enum.GetValues<PermissionScope>().Single(s => s.ToString().Equals(name.Replace("-", ""), StringComparison.OrdinalIgnoreCase));

    static PermissionAccess ParseAccess(string name) => Enum.Parse<PermissionAccess>(name, ignoreCase: true);

    static Job ReadJob(string id, YamlMappingNode job)
    {
        Only(job, "name", "needs", "if", "runs-on", "permissions", "timeout-minutes", "strategy", "env", "outputs", "steps");
        var strategy = Map(job, "strategy");
        if (strategy is not null) Only(strategy, "matrix", "fail-fast", "max-parallel");
        return new Job
        {
            Id = id,
            Name = Text(job, "name"),
            Needs = List(job, "needs"),
            If = Condition(Text(job, "if")),
            RunsOn = Text(job, "runs-on")!,
            Permissions = Map(job, "permissions") is { } permissions ? ReadPermissions(permissions) : null,
            TimeoutMinutes = Int(job, "timeout-minutes"),
            Strategy = strategy is null ? null : new Strategy(Text(strategy, "matrix")!, Bool(strategy, "fail-fast"), Int(strategy, "max-parallel")),
            Env = ReadValueMap(Map(job, "env")),
            Outputs = ReadValueMap(Map(job, "outputs")),
            Steps = new ValueList<Step>(((YamlSequenceNode)job.Children["steps"]).Children.Cast<YamlMappingNode>().Select(ReadStep)),
        };
    }

    static Step ReadStep(YamlMappingNode step)
    {
        Only(step, "name", "id", "if", "uses", "with", "env", "shell", "continue-on-error", "run");
        return new Step
        {
            Name = Text(step, "name"),
            Id = Text(step, "id"),
            If = Condition(Text(step, "if")),
            Uses = Text(step, "uses"),
            With = ReadValueMap(Map(step, "with")),
            Env = ReadValueMap(Map(step, "env")),
            Shell = Text(step, "shell"),
            ContinueOnError = Bool(step, "continue-on-error"),
            Run = Text(step, "run"),
        };
    }

    static string? Condition(string? text) => text is null ? null : Expression.Unwrap(text);

    static ValueMap ReadValueMap(YamlMappingNode? map) =>
        map is null ? ValueMap.Empty : new ValueMap(map.Children.Select(e => (((YamlScalarNode)e.Key).Value!, ((YamlScalarNode)e.Value).Value!)));

    static void Only(YamlMappingNode map, params string[] keys)
    {
        foreach (var key in map.Children.Keys.Cast<YamlScalarNode>())
            Assert.True(keys.Contains(key.Value), $"unexpected key '{key.Value}' at {key.Start}");
    }

    static YamlNode? Node(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    public static YamlMappingNode? Map(YamlMappingNode map, string key) => Node(map, key) switch
    {
        null => null,
        YamlMappingNode mapping => mapping,
        YamlScalarNode { Value: null or "" } => new YamlMappingNode(),
        var other => throw new InvalidOperationException($"'{key}' is not a mapping at {other.Start}"),
    };

    public static string? Text(YamlMappingNode map, string key) => Node(map, key) switch
    {
        null => null,
        YamlScalarNode scalar => scalar.Value,
        var other => throw new InvalidOperationException($"'{key}' is not a scalar at {other.Start}"),
    };

    static ValueList<string> List(YamlMappingNode map, string key) => Node(map, key) switch
    {
        null => ValueList<string>.Empty,
        YamlSequenceNode sequence => new ValueList<string>(sequence.Children.Cast<YamlScalarNode>().Select(s => s.Value!)),
        YamlScalarNode scalar => new ValueList<string>([scalar.Value!]),
        var other => throw new InvalidOperationException($"'{key}' is not a list at {other.Start}"),
    };

    // Typed values must be plain scalars: a quoted "false" is a string, not a boolean.
    static bool? Bool(YamlMappingNode map, string key) => Node(map, key) is YamlScalarNode scalar
        ? PlainValue(scalar) switch { "true" => true, "false" => false, var v => throw new InvalidOperationException($"'{key}' is not a boolean: {v}") }
        : null;

    static int? Int(YamlMappingNode map, string key) => Node(map, key) is YamlScalarNode scalar
        ? int.Parse(PlainValue(scalar)!, System.Globalization.CultureInfo.InvariantCulture)
        : null;

    static string? PlainValue(YamlScalarNode scalar)
    {
        Assert.True(scalar.Style == ScalarStyle.Plain, $"typed value '{scalar.Value}' at {scalar.Start} is quoted");
        return scalar.Value;
    }
}
