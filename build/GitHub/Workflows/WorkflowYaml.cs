using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Strata.GitHub.Workflows;

/// <summary>
/// Serialises the workflow model to YAML through YamlDotNet's emitter: the key order is fixed by
/// this class, scalars are quoted only when a YAML reader could misread them, multi-line
/// scripts become literal blocks, and the output is byte-for-byte stable.
/// </summary>
public static class WorkflowYaml
{
    public static string Render(WorkflowFile file)
    {
        WorkflowValidator.Validate(file);
        var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var settings = new EmitterSettings(
            bestIndent: 2, bestWidth: int.MaxValue, isCanonical: false, maxSimpleKeyLength: 1024,
            skipAnchorName: true, indentSequences: true, newLine: "\n", useUtf16SurrogatePairs: false);
        var yaml = new EventWriter(new Emitter(text, settings));

        yaml.Emit(new StreamStart());
        foreach (var line in file.Header.TrimEnd('\n').Split('\n'))
            yaml.Emit(new Comment(line, isInline: false));
        yaml.Emit(new DocumentStart(null, null, isImplicit: true));
        WriteWorkflow(yaml, file.Workflow);
        yaml.Emit(new DocumentEnd(isImplicit: true));
        yaml.Emit(new StreamEnd());
        return text.ToString();
    }

    static void WriteWorkflow(EventWriter yaml, Workflow workflow)
    {
        yaml.BeginMap();
        yaml.Entry("name", workflow.Name);
        // GitHub's reader takes a plain `on` as the string key; quoting it would be unidiomatic.
        yaml.Key("on", alwaysPlain: true);
        WriteTriggers(yaml, workflow.On);
        yaml.Key("permissions");
        WritePermissions(yaml, workflow.Permissions);
        if (workflow.Concurrency is { } concurrency)
        {
            yaml.Key("concurrency");
            yaml.BeginMap();
            yaml.Entry("group", concurrency.Group);
            yaml.Entry("cancel-in-progress", concurrency.CancelInProgress);
            yaml.EndMap();
        }
        yaml.MapEntry("env", workflow.Env);
        yaml.Key("jobs");
        yaml.BeginMap();
        foreach (var job in workflow.Jobs)
        {
            yaml.Key(job.Id);
            WriteJob(yaml, job);
        }
        yaml.EndMap();
        yaml.EndMap();
    }

    static void WriteTriggers(EventWriter yaml, Triggers on)
    {
        yaml.BeginMap();
        if (on.Push is { } push)
        {
            yaml.Key("push");
            yaml.BeginMap();
            yaml.FlowListEntry("branches", push.Branches);
            yaml.FlowListEntry("tags", push.Tags);
            yaml.EndMap();
        }
        if (on.PullRequest is { } pullRequest)
        {
            yaml.Key("pull_request");
            yaml.BeginMap();
            yaml.FlowListEntry("branches", pullRequest.Branches);
            yaml.FlowListEntry("types", pullRequest.Types);
            yaml.EndMap();
        }
        if (on.WorkflowDispatch)
        {
            yaml.Key("workflow_dispatch");
            yaml.BeginMap(flow: on.DispatchInputs.Count == 0);
            if (on.DispatchInputs.Count > 0)
            {
                yaml.Key("inputs");
                yaml.BeginMap();
                foreach (var input in on.DispatchInputs)
                {
                    yaml.Key(input.Name);
                    yaml.BeginMap();
                    yaml.Entry("description", input.Description);
                    yaml.Entry("type", "boolean");
                    yaml.Entry("default", input.Default);
                    yaml.EndMap();
                }
                yaml.EndMap();
            }
            yaml.EndMap();
        }
        if (on.Schedules.Count > 0)
        {
            yaml.Key("schedule");
            yaml.BeginList();
            foreach (var cron in on.Schedules)
            {
                yaml.BeginMap();
                yaml.Entry("cron", cron);
                yaml.EndMap();
            }
            yaml.EndList();
        }
        yaml.EndMap();
    }

    static void WritePermissions(EventWriter yaml, Permissions permissions)
    {
        yaml.BeginMap(flow: permissions.Grants.Count == 0);
        foreach (var grant in permissions.Grants)
            yaml.Entry(PermissionNames.Scope(grant.Scope), PermissionNames.Access(grant.Access));
        yaml.EndMap();
    }

    static void WriteJob(EventWriter yaml, Job job)
    {
        yaml.BeginMap();
        yaml.OptionalEntry("name", job.Name);
        if (job.Needs.Count > 0)
            yaml.FlowListEntry("needs", job.Needs);
        yaml.OptionalEntry("if", Condition(job.If));
        yaml.Entry("runs-on", job.RunsOn);
        if (job.Permissions is { } permissions)
        {
            yaml.Key("permissions");
            WritePermissions(yaml, permissions);
        }
        if (job.TimeoutMinutes is { } timeout)
            yaml.Entry("timeout-minutes", timeout);
        if (job.ContinueOnError is { } jobContinues)
            yaml.Entry("continue-on-error", jobContinues);
        if (job.Strategy is { } strategy)
        {
            yaml.Key("strategy");
            yaml.BeginMap();
            yaml.Entry("matrix", strategy.Matrix);
            if (strategy.FailFast is { } failFast)
                yaml.Entry("fail-fast", failFast);
            if (strategy.MaxParallel is { } maxParallel)
                yaml.Entry("max-parallel", maxParallel);
            yaml.EndMap();
        }
        yaml.MapEntry("env", job.Env);
        yaml.MapEntry("outputs", job.Outputs);
        yaml.Key("steps");
        yaml.BeginList();
        foreach (var step in job.Steps)
            WriteStep(yaml, step);
        yaml.EndList();
        yaml.EndMap();
    }

    static void WriteStep(EventWriter yaml, Step step)
    {
        yaml.BeginMap();
        yaml.OptionalEntry("name", step.Name);
        yaml.OptionalEntry("id", step.Id);
        yaml.OptionalEntry("if", Condition(step.If));
        yaml.OptionalEntry("uses", step.Uses);
        if (step.Uses is { } uses && ActionReferences.All.FirstOrDefault(action => action.Reference == uses) is { } pinned)
            yaml.Emit(new Comment(pinned.Version, isInline: true));
        yaml.MapEntry("with", step.With);
        yaml.MapEntry("env", step.Env);
        if (step.ContinueOnError is { } stepContinues)
            yaml.Entry("continue-on-error", stepContinues);
        yaml.OptionalEntry("shell", step.Shell);
        yaml.OptionalEntry("run", step.Run);
        yaml.EndMap();
    }

    // A condition is written bare (GitHub evaluates `if:` as an expression) unless it starts
    // with a character YAML reserves, such as the `!` of `!cancelled()`; then it is wrapped.
    static string? Condition(string? expression) =>
        expression is null ? null
        : "!&*[]{}|>'\"%@`#,?:-".Contains(expression[0]) ? Expression.Wrap(expression)
        : expression;

    sealed class EventWriter(IEmitter emitter)
    {
        public void Emit(ParsingEvent parsingEvent) => emitter.Emit(parsingEvent);

        public void BeginMap(bool flow = false) =>
            emitter.Emit(new MappingStart(null, null, isImplicit: true, flow ? MappingStyle.Flow : MappingStyle.Block));

        public void EndMap() => emitter.Emit(new MappingEnd());

        public void BeginList(bool flow = false) =>
            emitter.Emit(new SequenceStart(null, null, isImplicit: true, flow ? SequenceStyle.Flow : SequenceStyle.Block));

        public void EndList() => emitter.Emit(new SequenceEnd());

        public void Key(string key, bool alwaysPlain = false)
        {
            var style = !alwaysPlain && YamlScalars.ResolvesToNonString(key) ? ScalarStyle.DoubleQuoted : ScalarStyle.Plain;
            emitter.Emit(new Scalar(null, null, key, style, true, style != ScalarStyle.Plain));
        }

        public void String(string value)
        {
            var style = value.Contains('\n') ? ScalarStyle.Literal
                : YamlScalars.ResolvesToNonString(value) ? ScalarStyle.DoubleQuoted
                : ScalarStyle.Any;
            emitter.Emit(new Scalar(null, null, value, style, true, true));
        }

        public void Entry(string key, string value) { Key(key); String(value); }

        public void Entry(string key, int value) =>
            Plain(key, value.ToString(CultureInfo.InvariantCulture));

        public void Entry(string key, bool value) => Plain(key, value ? "true" : "false");

        public void OptionalEntry(string key, string? value)
        {
            if (value is not null) Entry(key, value);
        }

        public void MapEntry(string key, ValueMap map)
        {
            if (map.Count == 0) return;
            Key(key);
            BeginMap();
            foreach (var (name, value) in map)
                Entry(name, value);
            EndMap();
        }

        public void FlowListEntry(string key, IReadOnlyList<string> items)
        {
            if (items.Count == 0) return;
            Key(key);
            BeginList(flow: true);
            foreach (var item in items)
                String(item);
            EndList();
        }

        void Plain(string key, string value)
        {
            Key(key);
            emitter.Emit(new Scalar(null, null, value, ScalarStyle.Plain, true, false));
        }
    }
}
