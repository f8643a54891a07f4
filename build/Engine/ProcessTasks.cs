using System.Diagnostics;
using System.Text;

namespace Strata.Engine;

public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;
}

public sealed record ProcessOptions
{
    public string? WorkingDirectory { get; init; }
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();
    /// <summary>Stream each output line to <see cref="Log"/> while the process runs.</summary>
    public bool LogOutput { get; init; } = true;
    public string? StandardInput { get; init; }
    /// <summary>Keep the output in <see cref="ProcessResult"/>; off for tools that print megabytes (image builds), which read it through <see cref="OnLine"/>.</summary>
    public bool CaptureOutput { get; init; } = true;
    /// <summary>Called with each output line (standard output and error) as it arrives, from any thread.</summary>
    public Action<string>? OnLine { get; init; }
}

/// <summary>Runs external tools with argument lists (never a shell string), streaming their output.</summary>
public static class ProcessTasks
{
    public static async Task<ProcessResult> RunAsync(
        string tool,
        IEnumerable<string> arguments,
        ProcessOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new ProcessOptions();
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = options.StandardInput is not null,
            UseShellExecute = false,
            WorkingDirectory = options.WorkingDirectory ?? Directory.GetCurrentDirectory(),
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in options.Environment)
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }

        using var process = new Process { StartInfo = start };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => Collect(e.Data, stdout, options);
        process.ErrorDataReceived += (_, e) => Collect(e.Data, stderr, options);

        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"cannot start '{tool}': {e.Message}", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (options.StandardInput is not null)
        {
            await process.StandardInput.WriteAsync(options.StandardInput);
            process.StandardInput.Close();
        }

        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw;
        }
        process.WaitForExit();
        return new ProcessResult(process.ExitCode, stdout.ToString(), stderr.ToString());
    }

    static void Collect(string? line, StringBuilder buffer, ProcessOptions options)
    {
        if (line is null) return;
        if (options.CaptureOutput)
            lock (buffer) buffer.AppendLine(line);
        options.OnLine?.Invoke(line);
        if (options.LogOutput) Log.Info(line);
    }
}
