namespace Strata.Images;

public sealed class BuildxDriver(string cli, DockerEnvironment environment) : IBuildDriver
{
    public string Name => "buildx";
    public string Cli => cli;

    public Task<BuildResult> BuildAsync(ImageBuildRequest request, CancellationToken cancellationToken = default) =>
        CliBuild.RunAsync(Name, cli, BuildxArguments.For(request), environment.CliEnvironment(), request, cancellationToken);
}
