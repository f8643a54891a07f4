using Strata.GitHub.Rehearsal;
using Strata.Tests.GitHub.Workflows;

namespace Strata.Tests.GitHub.Rehearsal;

/// <summary>Which generated workflows a rehearsed event runs: the same `on:` the YAML carries.</summary>
public class TriggeredWorkflowTests
{
    [Theory]
    [InlineData(RehearsalEvents.Push, "backend.yml")]
    [InlineData(RehearsalEvents.Schedule, "backend.yml")]
    [InlineData(RehearsalEvents.WorkflowDispatch, "backend.yml")]
    [InlineData(RehearsalEvents.PullRequest, "backend-pr.yml")]
    public void An_event_runs_the_workflows_whose_triggers_list_it(string eventName, string workflow)
    {
        var files = PipelineCases.Create(2, darwin: true);
        var triggered = PipelineRehearsal.Triggered(files, eventName);
        Assert.Equal([workflow], triggered.Select(file => Path.GetFileName(file.Path)));
    }
}
