using System.Runtime.InteropServices;
using Strata.Engine;
using Strata.Images;

partial class Build
{
    DockerEngine? engine;
    IBuildDriver? driver;

    Target ConnectDocker => _ => _
        .Unlisted()
        .Description("Reach the Docker engine and choose the BuildKit driver (buildx when present)")
        .Executes(async context =>
        {
            engine = new DockerEngine(DockerEnvironment.FromProcessEnvironment());
            var version = await engine.ConnectAsync(context.CancellationToken);
            driver = await BuildDrivers.DetectAsync(engine, context.CancellationToken);
            context.Note = $"engine {version}, {driver.Name}";
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

    BaseImageBuild BaseImages => new(engine!, driver!);
    BackendImageBuild BackendImages => new(engine!, driver!);
}
