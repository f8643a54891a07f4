namespace Strata.Matrix.Changes;

/// <summary>A rules file (or what a rule needs) is wrong; the message starts with <c>file:line:</c>. Bad input, exit code 2.</summary>
public sealed class ChangeRulesException(string filePath, int line, string message)
    : InputException($"{filePath}:{line}: {message}")
{
    public string FilePath { get; } = filePath;
    public int Line { get; } = line;
}
