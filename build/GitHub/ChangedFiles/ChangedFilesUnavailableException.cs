namespace Strata.GitHub;

/// <summary>
/// The changed files (or a file at the base revision) cannot be known: a truncated compare, an API or git failure.
/// Not bad input: the caller falls back to building everything and says so in a warning.
/// </summary>
public sealed class ChangedFilesUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
