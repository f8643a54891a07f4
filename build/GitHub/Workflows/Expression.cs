namespace Strata.GitHub.Workflows;

/// <summary>Builds GitHub Actions expression syntax.</summary>
public static class Expression
{
    public static string Wrap(string expression) => "${{ " + expression + " }}";

    public static bool IsWrapped(string value) =>
        value.StartsWith("${{", StringComparison.Ordinal) && value.EndsWith("}}", StringComparison.Ordinal)
        && value.IndexOf("${{", 3, StringComparison.Ordinal) < 0;

    public static string Unwrap(string value) => IsWrapped(value) ? value[3..^2].Trim() : value;
}
