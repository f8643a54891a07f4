namespace Strata.Engine;

internal sealed record BuiltInParameter(string Name, string Usage, string Description);

/// <summary>The engine's own options (NUKE's names and meanings, plus <c>--parallel</c> and <c>--keep-going</c>), read from the command line only.</summary>
internal sealed record BuiltInParameters(
    bool Help,
    bool Plan,
    IReadOnlyList<string> Targets,
    SkipRequest Skip,
    int Parallelism,
    bool Continue,
    bool KeepGoing,
    IReadOnlyList<string> Profiles,
    Verbosity Verbosity,
    string? Root)
{
    public static readonly IReadOnlyList<BuiltInParameter> All =
    [
        new("help", "--help, -h", "Show this help"),
        new("plan", "--plan", "Print the execution plan and write .nuke/temp/plan.html"),
        new("target", "--target <name...>", "Targets to run (also positional)"),
        new("skip", "--skip [name...]", "Skip the given targets, or every target not invoked when no name is given"),
        new("parallel", "--parallel <n>", "Run up to n independent targets at once (default 1)"),
        new(BuildAttempt.ContinueOption, "--continue", "Resume the previous identical invocation, skipping the targets that succeeded in it"),
        new("keep-going", "--keep-going", "After a failure, keep running every target that does not depend on it (not in NUKE)"),
        new("profile", "--profile <name...>", "Also read .nuke/parameters.<name>.json"),
        new("verbosity", "--verbosity <level>", "quiet, minimal, normal or verbose (verbose shows stack traces)"),
        new("root", "--root <dir>", "Root directory (default: nearest directory upward containing .nuke/)"),
    ];

    static readonly string[] FlagNames = ["help", "plan", BuildAttempt.ContinueOption, "keep-going"];

    public static bool IsBuiltIn(string written) => All.Any(p => Names.Match(p.Name, written.TrimStart('-')));

    public static BuiltInParameters From(CommandLine commandLine)
    {
        var skip = commandLine.Find("skip");
        var parallelism = commandLine.Find("parallel") is { } parallel
            ? (int)ParameterTypes.Convert(typeof(int), parallel.Values, "--parallel")!
            : 1;
        if (parallelism < 1) throw new BuildInputException($"--parallel: must be at least 1, got {parallelism}");
        var verbosity = commandLine.Find("verbosity") is { } level
            ? (Verbosity)ParameterTypes.Convert(typeof(Verbosity), level.Values, "--verbosity")!
            : Verbosity.Normal;
        return new BuiltInParameters(
            Help: commandLine.Has("help"),
            Plan: commandLine.Has("plan"),
            Targets: commandLine.Positional
                .Concat(commandLine.Find("target")?.Values ?? [])
                .Concat(FlagNames.SelectMany(flag => commandLine.Find(flag)?.Values ?? []))
                .ToList(),
            Skip: skip is null ? SkipRequest.None : new SkipRequest(skip.Values.Count == 0, skip.Values),
            Parallelism: parallelism,
            Continue: commandLine.Has(BuildAttempt.ContinueOption),
            KeepGoing: commandLine.Has("keep-going"),
            Profiles: commandLine.Find("profile")?.Values ?? [],
            Verbosity: verbosity,
            Root: commandLine.Find("root") is { } root ? (string)ParameterTypes.Convert(typeof(string), root.Values, "--root")! : null);
    }
}
