namespace Strata.Engine;

/// <summary>NUKE's levels: quiet shows errors, minimal adds warnings, normal adds information, verbose adds details.</summary>
public enum Verbosity
{
    Quiet,
    Minimal,
    Normal,
    Verbose,
}

/// <summary>
/// The one way targets and tools write to the console. The engine routes each line to the
/// target that is running on the current async flow, so concurrent targets stay readable.
/// </summary>
public static class Log
{
    static readonly AsyncLocal<LogScope?> current = new();

    public static void Verbose(string message) => Write(Verbosity.Verbose, message, isError: false);
    public static void Info(string message) => Write(Verbosity.Normal, message, isError: false);
    public static void Warning(string message) => Write(Verbosity.Minimal, $"warning: {message}", isError: false);
    public static void Error(string message) => Write(Verbosity.Quiet, $"error: {message}", isError: true);

    static void Write(Verbosity level, string message, bool isError)
    {
        if (current.Value is not { } scope)
        {
            foreach (var line in WorkflowCommandText.Lines(message))
                (isError ? Console.Error : Console.Out).WriteLine(WorkflowCommandText.Neutralize(line));
            return;
        }
        if (level <= scope.Sink.Verbosity)
            scope.Sink.WriteLines(message, scope.Prefix, isError);
    }

    internal static LogSink? CurrentSink => current.Value?.Sink;

    internal static IDisposable Use(LogSink sink) => Enter(new LogScope(sink, null));

    internal static IDisposable ForTarget(string? prefix) =>
        current.Value is { } scope ? Enter(scope with { Prefix = prefix }) : Enter(null);

    static IDisposable Enter(LogScope? scope)
    {
        var previous = current.Value;
        current.Value = scope;
        return new Restore(() => current.Value = previous);
    }

    sealed record LogScope(LogSink Sink, string? Prefix);

    sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}

/// <summary>Where one build's output goes: its writers, verbosity and the secret values to mask.</summary>
internal sealed class LogSink(TextWriter output, TextWriter error)
{
    readonly object gate = new();
    readonly List<string> secrets = [];

    public Verbosity Verbosity { get; set; } = Verbosity.Normal;

    public void AddSecret(string value)
    {
        if (string.IsNullOrEmpty(value)) return;
        lock (gate)
        {
            secrets.Add(value);
            secrets.Sort((a, b) => b.Length.CompareTo(a.Length));
        }
    }

    public string Mask(string text)
    {
        lock (gate)
            foreach (var secret in secrets)
                text = text.Replace(secret, "***", StringComparison.Ordinal);
        return text;
    }

    /// <summary>Writes text as log lines; no line can start a workflow command (see <see cref="WorkflowCommandText"/>).</summary>
    public void WriteLines(string message, string? prefix = null, bool isError = false)
    {
        var masked = Mask(message);
        var writer = isError ? error : output;
        lock (gate)
        {
            foreach (var line in WorkflowCommandText.Lines(masked))
                writer.WriteLine(prefix is null ? WorkflowCommandText.Neutralize(line) : $"[{prefix}] {line}");
            writer.Flush();
        }
    }

    /// <summary>Writes one workflow command as it is (masked); its values must already be escaped.</summary>
    public void WriteCommand(string command, bool masked = true)
    {
        var text = masked ? Mask(command) : command;
        lock (gate)
        {
            output.WriteLine(text);
            output.Flush();
        }
    }
}
