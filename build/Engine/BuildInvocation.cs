using System.Collections;
using System.Runtime.InteropServices;

namespace Strata.Engine;

/// <summary>Everything one run reads from its surroundings, so tests never touch the real process state.</summary>
public sealed record BuildInvocation(IReadOnlyList<string> Args)
{
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
    /// <summary>The root directory; when null, the nearest directory upward from the working directory containing <c>.nuke/</c>.</summary>
    public string? RootDirectory { get; init; }
    public TextWriter Output { get; init; } = TextWriter.Null;
    public TextWriter? Error { get; init; }
    /// <summary>Cancelling this aborts the build as Ctrl-C does.</summary>
    public CancellationToken Abort { get; init; }

    public static BuildInvocation FromProcess(string[] args, CancellationToken abort) => new(args)
    {
        Environment = ProcessEnvironment(),
        Output = Console.Out,
        Error = Console.Error,
        Abort = abort,
    };

    // A plain loop: LINQ over DictionaryEntry (a struct) is JIT-compiled at every start, ReadyToRun cannot hold it.
    static Dictionary<string, string> ProcessEnvironment()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
            variables[(string)entry.Key] = (string?)entry.Value ?? "";
        return variables;
    }

    /// <summary>
    /// Ctrl-C and SIGTERM alike: the first cancels <paramref name="abort"/>, which running targets observe; a second one
    /// exits at once with code 130, after removing the temp files of outputs not yet renamed into place.
    /// </summary>
    internal static IDisposable AbortOnInterrupt(CancellationTokenSource abort)
    {
        var signals = 0;
        void OnSignal()
        {
            if (Interlocked.Increment(ref signals) == 1)
            {
                abort.Cancel();
                return;
            }
            TempFiles.DeleteAll();
            Console.Error.WriteLine("error: interrupted again; exiting without waiting for running targets");
            System.Environment.Exit(ExitCodes.Interrupted);
        }

        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            OnSignal();
        };
        Console.CancelKeyPress += onCancel;
        var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            OnSignal();
        });
        return new Unsubscribe(() =>
        {
            Console.CancelKeyPress -= onCancel;
            sigterm.Dispose();
        });
    }

    sealed class Unsubscribe(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
