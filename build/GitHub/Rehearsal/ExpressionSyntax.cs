namespace Strata.GitHub.Rehearsal;

/// <summary>A parsed GitHub Actions expression (the part inside <c>${{ }}</c>).</summary>
public abstract record ExpressionNode;

public sealed record LiteralNode(object? Value) : ExpressionNode;

/// <summary>A context name such as <c>matrix</c> or <c>needs</c>.</summary>
public sealed record ContextNode(string Name) : ExpressionNode;

/// <summary><c>target.name</c> (names may hold '-', as in <c>matrix.tag-stem</c>) or <c>target[index]</c>.</summary>
public sealed record MemberNode(ExpressionNode Target, ExpressionNode Key) : ExpressionNode;

public sealed record NotNode(ExpressionNode Operand) : ExpressionNode;

public sealed record BinaryNode(string Operator, ExpressionNode Left, ExpressionNode Right) : ExpressionNode;

public sealed record CallNode(string Function, IReadOnlyList<ExpressionNode> Arguments) : ExpressionNode;

public sealed class ExpressionException(string message) : Exception(message);

/// <summary>
/// Parses the expression grammar the pipeline generator emits: literals ('text', numbers, true, false, null),
/// context paths with '.' and '[...]', '!', comparisons, '&amp;&amp;', '||', parentheses and function calls.
/// Anything else is an <see cref="ExpressionException"/> naming the expression and the position.
/// </summary>
public sealed class ExpressionParser
{
    public static readonly IReadOnlySet<string> Functions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "contains", "startsWith", "endsWith", "format", "join", "toJSON", "fromJSON", "hashFiles",
        "success", "always", "cancelled", "failure",
    };

    public static readonly IReadOnlySet<string> StatusFunctions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        { "success", "always", "cancelled", "failure" };

    readonly string text;
    int position;

    ExpressionParser(string text) => this.text = text;

    public static ExpressionNode Parse(string expression)
    {
        var parser = new ExpressionParser(expression);
        var node = parser.ParseOr();
        parser.SkipSpace();
        if (parser.position < expression.Length)
            throw parser.Error($"unexpected '{expression[parser.position..]}'");
        return node;
    }

    /// <summary>True when the expression calls a status function, so GitHub does not add its implicit <c>success() &amp;&amp;</c>.</summary>
    public static bool CallsStatusFunction(ExpressionNode node) => node switch
    {
        CallNode call => StatusFunctions.Contains(call.Function) || call.Arguments.Any(CallsStatusFunction),
        NotNode not => CallsStatusFunction(not.Operand),
        BinaryNode binary => CallsStatusFunction(binary.Left) || CallsStatusFunction(binary.Right),
        MemberNode member => CallsStatusFunction(member.Target) || CallsStatusFunction(member.Key),
        _ => false,
    };

    ExpressionNode ParseOr()
    {
        var left = ParseAnd();
        while (TryRead("||")) left = new BinaryNode("||", left, ParseAnd());
        return left;
    }

    ExpressionNode ParseAnd()
    {
        var left = ParseEquality();
        while (TryRead("&&")) left = new BinaryNode("&&", left, ParseEquality());
        return left;
    }

    ExpressionNode ParseEquality()
    {
        var left = ParseComparison();
        while (true)
        {
            if (TryRead("==")) left = new BinaryNode("==", left, ParseComparison());
            else if (TryRead("!=")) left = new BinaryNode("!=", left, ParseComparison());
            else return left;
        }
    }

    ExpressionNode ParseComparison()
    {
        var left = ParseUnary();
        while (true)
        {
            string? op = TryRead("<=") ? "<=" : TryRead(">=") ? ">=" : TryRead("<") ? "<" : TryRead(">") ? ">" : null;
            if (op is null) return left;
            left = new BinaryNode(op, left, ParseUnary());
        }
    }

    ExpressionNode ParseUnary()
    {
        SkipSpace();
        if (Peek() == '!' && PeekAt(1) != '=')
        {
            position++;
            return new NotNode(ParseUnary());
        }
        return ParsePostfix(ParsePrimary());
    }

    ExpressionNode ParsePostfix(ExpressionNode node)
    {
        while (true)
        {
            if (Peek() == '.')
            {
                position++;
                node = new MemberNode(node, new LiteralNode(ReadName("a property name after '.'")));
            }
            else if (Peek() == '[')
            {
                position++;
                var key = ParseOr();
                Expect(']');
                node = new MemberNode(node, key);
            }
            else return node;
        }
    }

    ExpressionNode ParsePrimary()
    {
        SkipSpace();
        var c = Peek();
        if (c == '(')
        {
            position++;
            var inner = ParseOr();
            Expect(')');
            return inner;
        }
        if (c == '\'') return new LiteralNode(ReadString());
        if (c is >= '0' and <= '9' or '-' or '+') return new LiteralNode(ReadNumber());
        if (c is not null && (char.IsAsciiLetter(c.Value) || c == '_'))
        {
            var name = ReadName("a name");
            SkipSpace();
            if (Peek() == '(')
            {
                if (!Functions.Contains(name))
                    throw Error($"unknown function '{name}'; known: {string.Join(", ", Functions.Order(StringComparer.Ordinal))}");
                position++;
                var arguments = new List<ExpressionNode>();
                SkipSpace();
                if (Peek() != ')')
                {
                    do arguments.Add(ParseOr());
                    while (TryRead(","));
                }
                Expect(')');
                return new CallNode(name, arguments);
            }
            return name switch
            {
                "true" => new LiteralNode(true),
                "false" => new LiteralNode(false),
                "null" => new LiteralNode(null),
                _ => new ContextNode(name),
            };
        }
        throw Error(c is null ? "unexpected end" : $"unexpected '{c}'");
    }

    string ReadName(string what)
    {
        var start = position;
        while (position < text.Length && (char.IsAsciiLetterOrDigit(text[position]) || text[position] is '_' or '-'))
            position++;
        if (start == position) throw Error($"expected {what}");
        return text[start..position];
    }

    string ReadString()
    {
        position++;
        var builder = new System.Text.StringBuilder();
        while (true)
        {
            if (position >= text.Length) throw Error("unterminated string");
            var c = text[position++];
            if (c == '\'')
            {
                if (Peek() == '\'') { builder.Append('\''); position++; continue; }
                return builder.ToString();
            }
            builder.Append(c);
        }
    }

    double ReadNumber()
    {
        var start = position;
        if (text[position] is '-' or '+') position++;
        while (position < text.Length && (char.IsAsciiDigit(text[position]) || text[position] is '.' or 'x' or 'e' or 'E'
                   || char.IsAsciiHexDigit(text[position]) && text[start..position].Contains("0x", StringComparison.Ordinal)))
            position++;
        var literal = text[start..position];
        return ExpressionValues.ParseNumber(literal) is { } number && !double.IsNaN(number)
            ? number
            : throw Error($"'{literal}' is not a number");
    }

    void SkipSpace()
    {
        while (position < text.Length && char.IsWhiteSpace(text[position])) position++;
    }

    char? Peek()
    {
        SkipSpace();
        return position < text.Length ? text[position] : null;
    }

    char? PeekAt(int offset) => position + offset < text.Length ? text[position + offset] : null;

    bool TryRead(string token)
    {
        SkipSpace();
        if (string.CompareOrdinal(text, position, token, 0, token.Length) != 0) return false;
        position += token.Length;
        return true;
    }

    void Expect(char c)
    {
        if (Peek() != c) throw Error($"expected '{c}'");
        position++;
    }

    ExpressionException Error(string message) => new($"expression '{text}': {message} at position {position + 1}");
}
