using System.Text.RegularExpressions;

namespace Strata.GitHub.Workflows;

/// <summary>
/// The options the generated jobs pass to ./build.sh, as the build declares them. The build fills this from its
/// parameter declarations (<c>ParameterOption.Of&lt;Build&gt;(nameof(BaseRepo))</c>), so renaming a parameter
/// changes the workflows with it, and a test checks every option a workflow uses is one the build accepts.
/// </summary>
public sealed record PipelineParameters
{
    public string BaseRepo { get; init; } = "--base-repo";
    public string BackendRepo { get; init; } = "--backend-repo";
    public string Pr { get; init; } = "--pr";
    public string Push { get; init; } = "--push";
    public string Lang { get; init; } = "--lang";
    public string Accel { get; init; } = "--accel";
    public string Ubuntu { get; init; } = "--ubuntu";
    public string Cuda { get; init; } = "--cuda";
    public string BaseImage { get; init; } = "--base-image";
    public string Platform { get; init; } = "--platform";
    public string SkipDrivers { get; init; } = "--skip-drivers";
    public string Backend { get; init; } = "--backend";
    public string TagSuffix { get; init; } = "--tag-suffix";
    public string BackendShards { get; init; } = "--backend-shards";
    public string DigestsDir { get; init; } = "--digests-dir";
    public string VersionTag { get; init; } = "--version-tag";

    public static PipelineParameters Default { get; } = new();

    public IEnumerable<(string Name, string Option)> All =>
    [
        (nameof(BaseRepo), BaseRepo), (nameof(BackendRepo), BackendRepo), (nameof(Pr), Pr), (nameof(Push), Push),
        (nameof(Lang), Lang), (nameof(Accel), Accel), (nameof(Ubuntu), Ubuntu), (nameof(Cuda), Cuda),
        (nameof(BaseImage), BaseImage), (nameof(Platform), Platform), (nameof(SkipDrivers), SkipDrivers),
        (nameof(Backend), Backend), (nameof(TagSuffix), TagSuffix), (nameof(BackendShards), BackendShards),
        (nameof(DigestsDir), DigestsDir), (nameof(VersionTag), VersionTag),
    ];

    internal static Regex OptionPattern() => optionPattern ??= new("^--[a-z0-9][a-z0-9-]*$");
    static Regex? optionPattern;
}

/// <summary>
/// Shell lines that build a step's <c>args</c> array. Every value goes as one word <c>--name=value</c>, read from an
/// environment variable: a value starting with '-' (a tag-suffix such as <c>-h</c>, a backend <c>--push</c>) stays
/// the option's value and can never become an option of its own.
/// </summary>
public static class BuildArguments
{
    public const string Start = "args=()";

    /// <summary><c>option=$VARIABLE</c>.</summary>
    public static string Value(string option, string variable) => $"args+=(\"{option}=${variable}\")";

    /// <summary><c>option=$VARIABLE</c> only when the variable is not empty.</summary>
    public static string ValueWhenSet(string option, string variable) =>
        $"if [ -n \"${variable}\" ]; then {Value(option, variable)}; fi";

    /// <summary><c>option=&lt;shell word&gt;</c>, for a value composed of variables (written with <c>$VAR</c> references only).</summary>
    public static string Composed(string option, string shellValue) => $"args+=(\"{option}={shellValue}\")";

    /// <summary>The flag when the variable is exactly <c>true</c>.</summary>
    public static string FlagWhenTrue(string option, string variable) =>
        $"if [ \"${variable}\" = \"true\" ]; then args+=({option}); fi";

    public static string Call(string buildScript, string target) => $"{buildScript} {target} \"${{args[@]}}\"";
}
