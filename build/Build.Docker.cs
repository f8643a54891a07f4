using System.Runtime.InteropServices;
using Strata.Engine;
using Strata.Images;

partial class Build
{
    DockerSession? docker;

    DockerSession Docker => docker ?? throw new InvalidOperationException($"{nameof(ConnectDocker)} has not run");

    Target ConnectDocker => _ => _
        .Unlisted()
        .Description("Reach the Docker engine and choose the BuildKit driver (buildx when present)")
        .Executes(async context =>
        {
            docker = await DockerSession.ConnectAsync(DockerEnvironment.FromProcessEnvironment(), context.CancellationToken);
            context.Note = $"engine {docker.EngineVersion}, {docker.Driver.Name}";
        });

    ImageSettings ImageSettings => new(
        RootDirectory: RootDirectory,
        BasesDirectory: RootPath(BasesDir),
        BaseRepo: BaseRepo,
        BackendRepo: BackendRepo,
        PullRequest: PullRequest,
        Platform: Platform ?? HostPlatform,
        Push: Push,
        Force: Force,
        RefreshWindow: RefreshWindow ?? Strata.Images.RefreshWindow.IsoWeek(DateTimeOffset.UtcNow));

    static string HostPlatform => RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "linux/arm64" : "linux/amd64";
}
