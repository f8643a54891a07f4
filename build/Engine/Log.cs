namespace Strata.Engine;

/// <summary>
/// The one way targets and tools write to the console. The engine routes each line to the
/// target that is running on the current async flow, so concurrent targets stay readable.
/// </summary>
public static class Log
{
    public static void Verbose(string message) => Console.WriteLine(message);
    public static void Info(string message) => Console.WriteLine(message);
    public static void Warning(string message) => Console.WriteLine($"warning: {message}");
    public static void Error(string message) => Console.Error.WriteLine($"error: {message}");
}
