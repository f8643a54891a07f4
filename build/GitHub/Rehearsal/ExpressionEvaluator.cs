using System.Security.Cryptography;
using System.Text;

namespace Strata.GitHub.Rehearsal;

/// <summary>Job or step status as the status functions see it.</summary>
public sealed record StatusView(bool Succeeded, bool Failed, bool Cancelled)
{
    public static readonly StatusView Fine = new(true, false, false);
}

/// <summary>What an expression can read: the contexts by name, the status of what ran before, the workspace for <c>hashFiles</c>.</summary>
public sealed record ExpressionScope(IReadOnlyDictionary<string, object?> Contexts, StatusView Status, string? Workspace = null)
{
    public ExpressionScope With(string context, object? value)
    {
        var contexts = new Dictionary<string, object?>(Contexts, StringComparer.OrdinalIgnoreCase) { [context] = value };
        return this with { Contexts = contexts };
    }
}

/// <summary>Evaluates parsed expressions, <c>if:</c> conditions and <c>${{ }}</c> templates with GitHub's semantics.</summary>
public static class ExpressionEvaluator
{
    public static object? Evaluate(string expression, ExpressionScope scope) => Evaluate(ExpressionParser.Parse(expression), scope);

    /// <summary>An <c>if:</c>: GitHub prefixes <c>success() &amp;&amp;</c> unless the condition calls a status function.</summary>
    public static bool Condition(string? condition, ExpressionScope scope)
    {
        if (string.IsNullOrWhiteSpace(condition)) return scope.Status.Succeeded;
        var node = ExpressionParser.Parse(Templates.Unwrap(condition));
        if (!ExpressionParser.CallsStatusFunction(node))
            node = new BinaryNode("&&", new CallNode("success", []), node);
        return ExpressionValues.IsTruthy(Evaluate(node, scope));
    }

    public static object? Evaluate(ExpressionNode node, ExpressionScope scope) => node switch
    {
        LiteralNode literal => literal.Value,
        ContextNode context => scope.Contexts.TryGetValue(context.Name, out var value)
            ? value
            : throw new ExpressionException($"unknown context '{context.Name}'; available: {string.Join(", ", scope.Contexts.Keys.Order(StringComparer.Ordinal))}"),
        MemberNode member => Member(Evaluate(member.Target, scope), Evaluate(member.Key, scope)),
        NotNode not => !ExpressionValues.IsTruthy(Evaluate(not.Operand, scope)),
        BinaryNode { Operator: "&&" } and =>
            Evaluate(and.Left, scope) is var left && !ExpressionValues.IsTruthy(left) ? left : Evaluate(and.Right, scope),
        BinaryNode { Operator: "||" } or =>
            Evaluate(or.Left, scope) is var left && ExpressionValues.IsTruthy(left) ? left : Evaluate(or.Right, scope),
        BinaryNode binary => Compare(binary.Operator, Evaluate(binary.Left, scope), Evaluate(binary.Right, scope)),
        CallNode call => Call(call, scope),
        _ => throw new ExpressionException($"unsupported expression node {node.GetType().Name}"),
    };

    static object? Member(object? target, object? key) => target switch
    {
        IReadOnlyDictionary<string, object?> map => map.GetValueOrDefault(ExpressionValues.ToText(key)),
        IReadOnlyList<object?> list when key is double index => index >= 0 && index < list.Count && index == Math.Floor(index) ? list[(int)index] : null,
        _ => null,
    };

    static bool Compare(string op, object? left, object? right) => op switch
    {
        "==" => ExpressionValues.LooseEquals(left, right),
        "!=" => !ExpressionValues.LooseEquals(left, right),
        _ => ExpressionValues.Compare(left, right) is { } order && op switch
        {
            "<" => order < 0,
            "<=" => order <= 0,
            ">" => order > 0,
            ">=" => order >= 0,
            _ => throw new ExpressionException($"unknown operator '{op}'"),
        },
    };

    static object? Call(CallNode call, ExpressionScope scope)
    {
        var name = call.Function.ToLowerInvariant();
        if (ExpressionParser.StatusFunctions.Contains(name))
        {
            if (call.Arguments.Count != 0) throw new ExpressionException($"{call.Function}() takes no arguments");
            return name switch
            {
                "success" => scope.Status.Succeeded && !scope.Status.Cancelled,
                "failure" => scope.Status.Failed && !scope.Status.Cancelled,
                "cancelled" => scope.Status.Cancelled,
                _ => true,
            };
        }
        var arguments = call.Arguments.Select(argument => Evaluate(argument, scope)).ToList();
        object? Argument(int index) => index < arguments.Count ? arguments[index] : null;
        void Arity(int min, int max)
        {
            if (arguments.Count < min || arguments.Count > max)
                throw new ExpressionException($"{call.Function}() takes {(min == max ? min.ToString() : $"{min} to {max}")} arguments, got {arguments.Count}");
        }
        switch (name)
        {
            case "contains":
                Arity(2, 2);
                return Argument(0) is IReadOnlyList<object?> items
                    ? items.Any(item => ExpressionValues.LooseEquals(item, Argument(1)))
                    : ExpressionValues.ToText(Argument(0)).Contains(ExpressionValues.ToText(Argument(1)), StringComparison.OrdinalIgnoreCase);
            case "startswith":
                Arity(2, 2);
                return ExpressionValues.ToText(Argument(0)).StartsWith(ExpressionValues.ToText(Argument(1)), StringComparison.OrdinalIgnoreCase);
            case "endswith":
                Arity(2, 2);
                return ExpressionValues.ToText(Argument(0)).EndsWith(ExpressionValues.ToText(Argument(1)), StringComparison.OrdinalIgnoreCase);
            case "format":
                Arity(1, int.MaxValue);
                return Format(ExpressionValues.ToText(Argument(0)), arguments.Skip(1).ToList());
            case "join":
                Arity(1, 2);
                var separator = arguments.Count > 1 ? ExpressionValues.ToText(Argument(1)) : ",";
                return Argument(0) is IReadOnlyList<object?> list
                    ? string.Join(separator, list.Select(ExpressionValues.ToText))
                    : ExpressionValues.ToText(Argument(0));
            case "tojson":
                Arity(1, 1);
                return ExpressionValues.ToJson(Argument(0));
            case "fromjson":
                Arity(1, 1);
                return ExpressionValues.FromJson(ExpressionValues.ToText(Argument(0)));
            case "hashfiles":
                Arity(1, int.MaxValue);
                return HashFiles(scope.Workspace, arguments.Select(ExpressionValues.ToText));
            default:
                throw new ExpressionException($"unknown function '{call.Function}'");
        }
    }

    static string Format(string pattern, IReadOnlyList<object?> values)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '{' && i + 1 < pattern.Length && pattern[i + 1] == '{') { builder.Append('{'); i++; continue; }
            if (c == '}' && i + 1 < pattern.Length && pattern[i + 1] == '}') { builder.Append('}'); i++; continue; }
            if (c == '{')
            {
                var close = pattern.IndexOf('}', i);
                if (close < 0 || !int.TryParse(pattern[(i + 1)..close], out var index) || index < 0 || index >= values.Count)
                    throw new ExpressionException($"format('{pattern}'): invalid placeholder at {i + 1} for {values.Count} arguments");
                builder.Append(ExpressionValues.ToText(values[index]));
                i = close;
                continue;
            }
            builder.Append(c);
        }
        return builder.ToString();
    }

    /// <summary>SHA-256 over the matching files' hashes, in path order; '' when nothing matches, as on GitHub.</summary>
    static string HashFiles(string? workspace, IEnumerable<string> patterns)
    {
        if (workspace is null) return "";
        var includes = patterns.Where(p => !p.StartsWith('!')).Select(Glob.ToRegex).ToList();
        var excludes = patterns.Where(p => p.StartsWith('!')).Select(p => Glob.ToRegex(p[1..])).ToList();
        var files = Directory.EnumerateFiles(workspace, "*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(workspace, file).Replace('\\', '/'))
            .Where(file => !file.StartsWith(".git/", StringComparison.Ordinal))
            .Where(file => includes.Any(r => r.IsMatch(file)) && !excludes.Any(r => r.IsMatch(file)))
            .Order(StringComparer.Ordinal)
            .Select(file => Path.Combine(workspace, file))
            .ToList();
        if (files.Count == 0) return "";
        using var total = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
            total.AppendData(SHA256.HashData(File.ReadAllBytes(file)));
        return Convert.ToHexStringLower(total.GetHashAndReset());
    }
}

/// <summary>The glob patterns of <c>hashFiles</c>: <c>**</c> crosses folders, <c>*</c> and <c>?</c> do not.</summary>
static class Glob
{
    public static System.Text.RegularExpressions.Regex ToRegex(string pattern)
    {
        var builder = new StringBuilder("^");
        // A leading "./" names the workspace itself; a leading dot of a name (.nuke/, .github/) is part of the name.
        var text = pattern;
        while (text.StartsWith("./", StringComparison.Ordinal)) text = text[2..];
        text = text.TrimStart('/');
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '*' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var slash = i + 2 < text.Length && text[i + 2] == '/';
                builder.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (text[i] == '*') builder.Append("[^/]*");
            else if (text[i] == '?') builder.Append("[^/]");
            else builder.Append(System.Text.RegularExpressions.Regex.Escape(text[i].ToString()));
        }
        return new System.Text.RegularExpressions.Regex(builder.Append('$').ToString());
    }
}

/// <summary>Strings that may hold <c>${{ expression }}</c> parts, as in <c>env:</c>, <c>with:</c>, <c>name:</c> and <c>runs-on:</c>.</summary>
public static class Templates
{
    /// <summary>The expressions inside a value (an <c>if:</c> is one expression, with or without its wrapper).</summary>
    public static IEnumerable<string> Expressions(string value)
    {
        var index = 0;
        while ((index = value.IndexOf("${{", index, StringComparison.Ordinal)) >= 0)
        {
            var close = value.IndexOf("}}", index + 3, StringComparison.Ordinal);
            if (close < 0) throw new ExpressionException($"'{value}': '${{{{' without '}}}}'");
            yield return value[(index + 3)..close].Trim();
            index = close + 2;
        }
    }

    public static string Unwrap(string condition)
    {
        var trimmed = condition.Trim();
        return trimmed.StartsWith("${{", StringComparison.Ordinal) && trimmed.EndsWith("}}", StringComparison.Ordinal)
               && trimmed.IndexOf("${{", 3, StringComparison.Ordinal) < 0
            ? trimmed[3..^2].Trim()
            : trimmed;
    }

    /// <summary>
    /// A value that is exactly one <c>${{ }}</c> keeps the expression's value (a matrix object stays an object);
    /// mixed text interpolates each expression's string form.
    /// </summary>
    public static object? Evaluate(string value, ExpressionScope scope)
    {
        var trimmed = value.Trim();
        if (trimmed.StartsWith("${{", StringComparison.Ordinal) && trimmed.EndsWith("}}", StringComparison.Ordinal)
            && trimmed.IndexOf("${{", 3, StringComparison.Ordinal) < 0)
            return ExpressionEvaluator.Evaluate(trimmed[3..^2].Trim(), scope);
        return Interpolate(value, scope);
    }

    public static string Interpolate(string value, ExpressionScope scope)
    {
        var builder = new StringBuilder();
        var index = 0;
        while (true)
        {
            var open = value.IndexOf("${{", index, StringComparison.Ordinal);
            if (open < 0) { builder.Append(value, index, value.Length - index); return builder.ToString(); }
            var close = value.IndexOf("}}", open + 3, StringComparison.Ordinal);
            if (close < 0) throw new ExpressionException($"'{value}': '${{{{' without '}}}}'");
            builder.Append(value, index, open - index);
            builder.Append(ExpressionValues.ToText(ExpressionEvaluator.Evaluate(value[(open + 3)..close].Trim(), scope)));
            index = close + 2;
        }
    }
}
