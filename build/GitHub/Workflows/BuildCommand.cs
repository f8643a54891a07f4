using System.Text.RegularExpressions;

namespace Strata.GitHub.Workflows;

/// <summary>When an argument is passed: always, when its variable is non-empty, or when it is the string <c>true</c>.</summary>
public enum ArgumentCondition { Always, WhenSet, WhenTrue }

/// <summary>
/// One option of a build call. <paramref name="Value"/> is a template of <c>$NAME</c> references to the step's
/// <c>env:</c> and literal text (e.g. <c>$MAJOR.$MINOR</c>); null for a flag. Values reach the command only through
/// environment variables, never through expressions in the script.
/// </summary>
public sealed record CommandArgument(string Option, string? Value, ArgumentCondition Condition = ArgumentCondition.Always, string? ConditionVariable = null)
{
    public static CommandArgument Of(string option, string variable) => new(option, "$" + variable);
    public static CommandArgument Literal(string option, string value) => new(option, value);
    public static CommandArgument WhenSet(string option, string variable, string? value = null) =>
        new(option, value ?? "$" + variable, ArgumentCondition.WhenSet, variable);
    public static CommandArgument FlagWhenTrue(string option, string variable) => new(option, null, ArgumentCondition.WhenTrue, variable);
}

/// <summary>
/// The build call a step makes, typed: the script renders it to bash through <see cref="BuildArguments"/>, and tests
/// (and a local rehearsal) expand it with a row's environment exactly as the rendered script would, so the two cannot
/// drift apart.
/// </summary>
public sealed record BuildCommand(string BuildScript, string Target, IReadOnlyList<CommandArgument> Arguments)
{
    /// <summary>The bash lines: an <c>args</c> array built from the environment, then the call.</summary>
    public IReadOnlyList<string> ToScriptLines()
    {
        var lines = new List<string> { BuildArguments.Start };
        foreach (var argument in Arguments)
        {
            if (argument.Value is null)
            {
                lines.Add(BuildArguments.FlagWhenTrue(argument.Option, argument.ConditionVariable!));
                continue;
            }
            var append = Reference().Match(argument.Value) is { Success: true } only && only.Length == argument.Value.Length
                ? BuildArguments.Value(argument.Option, only.Groups[1].Value)
                : BuildArguments.Composed(argument.Option, argument.Value);
            lines.Add(argument.Condition == ArgumentCondition.WhenSet
                ? $"if [ -n \"${argument.ConditionVariable}\" ]; then {append}; fi"
                : append);
        }
        lines.Add(BuildArguments.Call(BuildScript, Target));
        return lines;
    }

    /// <summary>The arguments after the build script, as bash passes them with <paramref name="environment"/> (unset reads as "").</summary>
    public IReadOnlyList<string> Expand(IReadOnlyDictionary<string, string> environment)
    {
        string Read(string name) => environment.GetValueOrDefault(name, "");
        var arguments = new List<string> { Target };
        foreach (var argument in Arguments)
        {
            var passed = argument.Condition switch
            {
                ArgumentCondition.WhenSet => Read(argument.ConditionVariable!).Length > 0,
                ArgumentCondition.WhenTrue => Read(argument.ConditionVariable!) == "true",
                _ => true,
            };
            if (passed)
                arguments.Add(argument.Value is null
                    ? argument.Option
                    : $"{argument.Option}={Reference().Replace(argument.Value, match => Read(match.Groups[1].Value))}");
        }
        return arguments;
    }

    private static Regex Reference() => reference ??= new(@"\$([A-Za-z_][A-Za-z0-9_]*)");
    static Regex? reference;
}
