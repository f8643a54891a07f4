using System.Collections;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Strata.Engine;

/// <summary>
/// The native build: the same sources compiled with Native AOT, which starts in a fraction of the managed build's time
/// (no runtime to load, nothing to JIT) but cannot run what needs code generated at run time (the Docker and GitHub
/// clients' JSON). <c>build.sh</c> runs it when it is current, naming the managed build in
/// <see cref="ManagedBuildVariable"/>; an invocation whose plan holds a target not declared
/// <see cref="ITargetDefinition.RunsNatively"/> replaces the native process with the managed build (same process,
/// arguments and environment) before anything is planned or run.
/// </summary>
static class NativeStart
{
    /// <summary>Set by build.sh for the native build only: the managed build's <c>_build.dll</c>.</summary>
    public const string ManagedBuildVariable = "STRATA_MANAGED_BUILD";

    public static bool IsNative => !RuntimeFeature.IsDynamicCodeSupported;

    /// <summary>
    /// Why the invocation needs the managed build: the first target it may run (the invoked ones and everything they
    /// depend on or trigger, skipped or not) that is not declared RunsNatively or whose condition does not hold; null
    /// when none. Decided before planning, because planning expands target families, which may use any library.
    /// </summary>
    public static string? NeedsManagedBuild(TargetModel model, IReadOnlyList<string> invokedNames)
    {
        foreach (var target in Planner.Closure(model, [.. invokedNames.Select(model.Resolve).Distinct()]))
        {
            if (target.Definition.NativeCondition is not { } condition)
                return $"{target.Name} runs only in the managed build";
            if (!condition.Evaluate())
                return $"{target.Name} runs natively only when {condition.Text}";
        }
        return null;
    }

    /// <summary>Replaces this process with <c>dotnet _build.dll</c> and the same arguments; returns only when that fails.</summary>
    public static int HandOver(IReadOnlyList<string> args, string reason)
    {
        var managed = Environment.GetEnvironmentVariable(ManagedBuildVariable);
        if (string.IsNullOrEmpty(managed) || !File.Exists(managed))
        {
            Log.Error($"{reason}, and {ManagedBuildVariable} names no managed build ('{managed}'); run the build through ./build.sh");
            return ExitCodes.TargetFailed;
        }
        var dotnet = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "dotnet"))
            .FirstOrDefault(File.Exists);
        if (dotnet is null)
        {
            Log.Error($"{reason}, and dotnet is not on PATH");
            return ExitCodes.TargetFailed;
        }
        Log.Verbose($"native build: handing over to the managed build ({reason})");
        Console.Out.Flush();
        Console.Error.Flush();
        var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .Where(variable => (string)variable.Key != ManagedBuildVariable)
            .Select(variable => $"{variable.Key}={variable.Value}");
        if (Exec(dotnet, [dotnet, managed, .. args], [.. environment]) != 0)
            Log.Error($"{reason}, and starting it failed: {Marshal.GetLastPInvokeErrorMessage()}");
        return ExitCodes.TargetFailed;
    }

    /// <summary>execve(2): the strings as NUL-terminated UTF-8 in unmanaged memory, pointer arrays ending in null.</summary>
    static int Exec(string path, IReadOnlyList<string> arguments, IReadOnlyList<string> environment) =>
        execve(Marshal.StringToCoTaskMemUTF8(path), PointerArray(arguments), PointerArray(environment));

    static IntPtr PointerArray(IReadOnlyList<string> values)
    {
        var array = Marshal.AllocHGlobal(IntPtr.Size * (values.Count + 1));
        for (var index = 0; index < values.Count; index++)
            Marshal.WriteIntPtr(array, index * IntPtr.Size, Marshal.StringToCoTaskMemUTF8(values[index]));
        Marshal.WriteIntPtr(array, values.Count * IntPtr.Size, IntPtr.Zero);
        return array;
    }

#pragma warning disable SYSLIB1054 // [LibraryImport] needs the interop source generator, which the build leaves out (_build.csproj); all arguments are pointers
    [DllImport("libc", SetLastError = true)]
    static extern int execve(IntPtr path, IntPtr argv, IntPtr envp);
#pragma warning restore SYSLIB1054
}
