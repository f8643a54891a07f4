using System.Collections;
using System.Reflection;
using Strata.GitHub.Rehearsal;
using Strata.GitHub.Workflows;
using Strata.Tests.GitHub.Workflows;

namespace Strata.Tests.GitHub.Rehearsal;

/// <summary>
/// Every expression anywhere in the generated model (found by walking its records, so a new field is covered without
/// touching this test) must be one the rehearsal's evaluator parses and evaluates: the generator and the evaluator
/// cannot drift apart.
/// </summary>
public class GeneratedExpressionTests
{
    [Theory]
    [MemberData(nameof(PipelineCases.Shapes), MemberType = typeof(PipelineCases))]
    public void The_evaluator_evaluates_every_expression_the_generator_emits(int shards, bool darwin, bool localAi)
    {
        foreach (var file in PipelineCases.Create(shards, darwin, localAi))
        {
            var expressions = new List<(string Where, string Expression)>();
            Collect(file.Workflow, file.Path, expressions);
            Assert.NotEmpty(expressions);
            var scope = ScopeFor(file.Workflow);
            foreach (var (where, expression) in expressions)
            {
                var exception = Record.Exception(() => ExpressionEvaluator.Evaluate(expression, scope));
                Assert.True(exception is null, $"{where}: '{expression}' does not evaluate: {exception?.Message}");
            }
        }
    }

    [Fact]
    public void The_walk_finds_conditions_templates_and_matrices() 
    {
        var expressions = new List<(string Where, string Expression)>();
        Collect(PipelineCases.Publish(PipelineCases.Create(2, true)).Workflow, "backend.yml", expressions);
        var texts = expressions.Select(e => e.Expression).ToList();
        Assert.Contains("needs.derive.outputs.has-bases == 'true'", texts);
        Assert.Contains("matrix.tag-stem", texts);
        Assert.Contains("fromJSON(needs.derive.outputs.matrix-1)", texts);
        Assert.Contains(texts, text => text.StartsWith("hashFiles(", StringComparison.Ordinal));
    }

    static ExpressionScope ScopeFor(Workflow workflow)
    {
        var jobs = workflow.Jobs.ToDictionary(job => job.Id, job => (object?)ExpressionValues.Object(new Dictionary<string, object?>
        {
            ["result"] = "success",
            ["outputs"] = ExpressionValues.Object(job.Outputs.Select(o => (o.Key, "1"))),
        }));
        var settings = new RehearsalSettings { EventName = RehearsalEvents.PullRequest, Workspace = Path.GetTempPath(), RunDirectory = Path.GetTempPath(), Repository = "o/r", Sha = "0" };
        var steps = workflow.Jobs.SelectMany(job => job.Steps).Where(step => step.Id is not null).DistinctBy(step => step.Id)
            .ToDictionary(step => step.Id!, _ => (object?)ExpressionValues.FromJson("""{"outcome":"success","outputs":{}}"""));
        return new ExpressionScope(ExpressionValues.Object(new Dictionary<string, object?>
        {
            ["github"] = RehearsalContext.GitHub(settings, RehearsalContext.EventPayload(settings), "token", "/dev/null"),
            ["needs"] = ExpressionValues.Object(jobs),
            ["matrix"] = ExpressionValues.Empty,
            ["steps"] = ExpressionValues.Object(steps),
            ["vars"] = ExpressionValues.Empty,
            ["secrets"] = ExpressionValues.Empty,
            ["env"] = ExpressionValues.Empty,
            ["inputs"] = ExpressionValues.Empty,
            ["runner"] = ExpressionValues.Object([("os", "Linux")]),
            ["strategy"] = ExpressionValues.Empty,
            ["job"] = ExpressionValues.Empty,
        }), StatusView.Fine, Directory.GetCurrentDirectory());
    }

    static void Collect(object? value, string where, List<(string, string)> found)
    {
        switch (value)
        {
            case null:
                return;
            case string text:
                found.AddRange(Templates.Expressions(text).Select(expression => (where, expression)));
                return;
            case ValueMap map:
                foreach (var (key, item) in map) Collect(item, $"{where}.{key}", found);
                return;
            case IEnumerable items when value is not string:
                var index = 0;
                foreach (var item in items) Collect(item, $"{where}[{index++}]", found);
                return;
        }
        var type = value.GetType();
        if (type.IsPrimitive || type.IsEnum) return;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0) continue;
            var item = property.GetValue(value);
            var path = $"{where}.{property.Name}";
            if (property.Name == "If" && item is string condition) found.Add((path, Templates.Unwrap(condition)));
            else Collect(item, path, found);
        }
    }
}
