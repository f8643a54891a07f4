using Strata.GitHub.Rehearsal;

namespace Strata.Tests.GitHub.Rehearsal;

public class ExpressionEvaluatorTests
{
    static ExpressionScope Scope(StatusView? status = null) => new(ExpressionValues.Object(new Dictionary<string, object?>
    {
        ["matrix"] = ExpressionValues.Object([("tag-stem", "python-cpu"), ("lang", "python")]),
        ["needs"] = ExpressionValues.FromJson("""{"derive":{"result":"success","outputs":{"has-bases":"true","matrix-shards":"2","m":"{\"include\":[{\"a\":1}]}"}}}"""),
        ["vars"] = ExpressionValues.Object([("BASE_REPO", "")]),
        ["github"] = ExpressionValues.Object([("repository", "owner/repo"), ("ref", "refs/heads/main")]),
    }), status ?? StatusView.Fine);

    [Theory]
    [InlineData("matrix.tag-stem", "python-cpu")]
    [InlineData("matrix['lang']", "python")]
    [InlineData("needs.derive.outputs.has-bases == 'true'", "true")]
    [InlineData("needs.derive.outputs.has-bases == 'TRUE'", "true")]
    [InlineData("fromJSON(needs.derive.outputs.matrix-shards) > 1", "true")]
    [InlineData("fromJSON(needs.derive.outputs.matrix-shards) > 2", "false")]
    [InlineData("vars.BASE_REPO || format('ghcr.io/{0}/ci-cache', github.repository)", "ghcr.io/owner/repo/ci-cache")]
    [InlineData("format('{{0}} {0}', 'x')", "{0} x")]
    [InlineData("matrix.missing", "")]
    [InlineData("!cancelled() && (needs.derive.result == 'success' || needs.derive.result == 'skipped')", "true")]
    [InlineData("fromJSON(needs.derive.outputs.m).include[0].a", "1")]
    [InlineData("contains('abc', 'B') && startsWith('abc', 'a') && endsWith('abc', 'c')", "true")]
    [InlineData("toJSON(1)", "1")]
    [InlineData("'it''s'", "it's")]
    [InlineData("1 == '1'", "true")]
    [InlineData("null == 0", "true")]
    [InlineData("'' && 'x'", "")]
    public void Evaluates_the_generators_grammar_with_GitHub_semantics(string expression, string expected) =>
        Assert.Equal(expected, ExpressionValues.ToText(ExpressionEvaluator.Evaluate(expression, Scope())));

    [Theory]
    [InlineData("matrix.lang ==", "unexpected end")]
    [InlineData("toUpper('x')", "unknown function 'toUpper'")]
    [InlineData("steps.x.outputs.y", "unknown context 'steps'")]
    [InlineData("'open", "unterminated string")]
    [InlineData("matrix.lang = 'x'", "unexpected")]
    public void Rejects_what_it_cannot_evaluate_naming_the_expression(string expression, string message)
    {
        var error = Assert.Throws<ExpressionException>(() => ExpressionEvaluator.Evaluate(expression, Scope()));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_condition_without_a_status_function_gets_the_implicit_success()
    {
        var failed = Scope(new StatusView(false, true, false));
        Assert.False(ExpressionEvaluator.Condition("needs.derive.outputs.has-bases == 'true'", failed));
        Assert.True(ExpressionEvaluator.Condition("always() && needs.derive.outputs.has-bases == 'true'", failed));
        Assert.True(ExpressionEvaluator.Condition("failure()", failed));
        Assert.True(ExpressionEvaluator.Condition("${{ !cancelled() }}", failed));
        Assert.False(ExpressionEvaluator.Condition(null, failed));
        Assert.False(ExpressionEvaluator.Condition("!cancelled()", Scope(new StatusView(false, false, true))));
    }

    [Fact]
    public void A_whole_value_template_keeps_its_type_and_mixed_text_interpolates()
    {
        var matrix = Templates.Evaluate("${{ fromJSON(needs.derive.outputs.m) }}", Scope());
        Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(matrix);
        Assert.Equal("Base python-cpu (python)", Templates.Interpolate("Base ${{ matrix.tag-stem }} (${{ matrix.lang }})", Scope()));
    }

    [Fact]
    public void Matrix_rows_follow_GitHubs_vector_include_and_exclude_rules()
    {
        var rows = MatrixRows.Expand(ExpressionValues.FromJson("""
            {"os":["a","b"],"v":[1,2],"exclude":[{"os":"b","v":2}],"include":[{"os":"a","extra":"x"},{"os":"c","v":3}]}
            """), "job");
        Assert.Equal(["a/1/x", "a/2/x", "b/1/", "c/3/"], rows.Select(r => $"{ExpressionValues.ToText(r["os"])}/{ExpressionValues.ToText(r["v"])}/{ExpressionValues.ToText(r.GetValueOrDefault("extra"))}"));
        Assert.Contains("no rows", Assert.Throws<RehearsalException>(() => MatrixRows.Expand(ExpressionValues.FromJson("""{"include":[]}"""), "job")).Message);
    }
}
