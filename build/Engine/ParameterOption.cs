namespace Strata.Engine;

/// <summary>
/// The command-line option of a declared parameter, looked up from its declaration, so code that writes command lines
/// (generated workflows) follows a rename instead of holding a string that silently stops matching.
/// </summary>
public static class ParameterOption
{
    /// <summary>The <c>--name</c> of the [Parameter] member <paramref name="memberName"/> (pass it with <c>nameof</c>).</summary>
    public static string Of<TBuild>(string memberName) where TBuild : NukeBuild =>
        ParameterDescriptor.Discover(typeof(TBuild)).FirstOrDefault(parameter => parameter.Member.Name == memberName)?.Option
        ?? throw new InvalidOperationException($"{typeof(TBuild).Name}.{memberName} is not a [Parameter]");

    /// <summary>Every option <typeparamref name="TBuild"/> accepts: its parameters and the engine's own.</summary>
    public static IReadOnlySet<string> All<TBuild>() where TBuild : NukeBuild =>
        ParameterDescriptor.Discover(typeof(TBuild)).Select(parameter => parameter.Option)
            .Concat(BuiltInParameters.All.Select(builtIn => "--" + builtIn.Name))
            .ToHashSet(StringComparer.Ordinal);
}
