namespace Strata;

/// <summary>
/// Bad input, wherever it is noticed: a parameter, the matrix, an event payload, a path. The engine reports it as one
/// error and exit code 2, whether it surfaces while planning or inside a running target.
/// </summary>
public class InputException(string message) : Exception(message);
