namespace Strata.Engine;

/// <summary>What a run's exit code says; the README lists them.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>A target failed (a build, a push, a tool).</summary>
    public const int TargetFailed = 1;
    /// <summary>Bad input, wherever it was noticed; nothing was written.</summary>
    public const int BadInput = 2;
    /// <summary>Ctrl-C or SIGTERM; outputs of the interrupted targets were not written.</summary>
    public const int Interrupted = 130;
}
