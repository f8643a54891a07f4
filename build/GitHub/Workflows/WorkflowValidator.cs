using System.Text.RegularExpressions;

namespace Strata.GitHub.Workflows;

/// <summary>
/// Rejects workflows GitHub would refuse or that break our security rules, naming the file,
/// job and step, before anything is written.
/// </summary>
public static class WorkflowValidator
{
    private static Regex Identifier() => identifier ??= new("^[A-Za-z_][A-Za-z0-9_-]*$");
    static Regex? identifier;

    public static void Validate(WorkflowFile file)
    {
        var where = file.Path;
        if (file.Workflow.Jobs.Count == 0)
            throw new WorkflowDefinitionException($"{where}: the workflow has no jobs");

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var job in file.Workflow.Jobs)
        {
            var jobWhere = $"{where}: job '{job.Id}'";
            if (!Identifier().IsMatch(job.Id))
                throw new WorkflowDefinitionException($"{jobWhere}: a job id must start with a letter or '_' and contain only letters, digits, '-' and '_'");
            foreach (var need in job.Needs)
                if (!seen.Contains(need))
                    throw new WorkflowDefinitionException(
                        $"{jobWhere}: needs '{need}', which is not a job defined before it (defined: {string.Join(", ", seen)})");
            if (!seen.Add(job.Id))
                throw new WorkflowDefinitionException($"{jobWhere}: the id is used by another job");
            if (string.IsNullOrWhiteSpace(job.RunsOn))
                throw new WorkflowDefinitionException($"{jobWhere}: runs-on is empty");
            if (job.Steps.Count == 0)
                throw new WorkflowDefinitionException($"{jobWhere}: the job has no steps");

            var stepIds = new HashSet<string>(StringComparer.Ordinal);
            for (var index = 0; index < job.Steps.Count; index++)
                ValidateStep(job.Steps[index], $"{jobWhere}, step {index + 1} ('{job.Steps[index].Name ?? job.Steps[index].Uses ?? job.Steps[index].Id}')", stepIds);
        }
    }

    static void ValidateStep(Step step, string where, HashSet<string> stepIds)
    {
        if ((step.Uses is null) == (step.Run is null))
            throw new WorkflowDefinitionException($"{where}: a step needs exactly one of 'uses' and 'run'");
        if (step.Run is null && step.Shell is not null)
            throw new WorkflowDefinitionException($"{where}: 'shell' only applies to 'run' steps");
        if (step.Uses is null && step.With.Count > 0)
            throw new WorkflowDefinitionException($"{where}: 'with' only applies to 'uses' steps");
        if (step.Run is not null && step.Run.Contains("${{", StringComparison.Ordinal))
            throw new WorkflowDefinitionException(
                $"{where}: the run script interpolates an expression ('${{{{ … }}}}'); pass the value through the step's env: and read it as a shell variable");
        if (step.Id is not null && (!Identifier().IsMatch(step.Id) || !stepIds.Add(step.Id)))
            throw new WorkflowDefinitionException($"{where}: step id '{step.Id}' is not a valid, unique identifier");
    }
}

public sealed class WorkflowDefinitionException(string message) : Exception(message);
