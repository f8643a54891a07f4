using System.Runtime.InteropServices;
using Strata.Engine;
using Strata.Images;
using Strata.Matrix;

partial class Build
{
    DockerSession? docker;

    DockerSession Docker => docker ?? throw new InvalidOperationException($"{nameof(ConnectDocker)} has not run");

    Target ConnectDocker => _ => _
        .Unlisted()
        .Description("Reach the Docker engine and choose the BuildKit driver (buildx when present)")
        .OnlyWhenStatic(() => !BuildsNatively)
        .Executes(async context =>
        {
            docker = await DockerSession.ConnectAsync(DockerEnvironment.FromProcessEnvironment(), context.CancellationToken);
            context.Note = $"engine {docker.EngineVersion}, {docker.Driver.Name}";
        });

    ImageSettings ImageSettings => new(
        RootDirectory: RootDirectory,
        BasesDirectory: RootPath(BasesDir),
        BaseRepo: BaseRepo!,
        BackendRepo: BackendRepo!,
        PullRequest: PullRequest,
        Platform: BuildPlatform,
        Push: Push,
        Force: Force,
        RefreshWindow: RefreshWindow ?? Strata.Images.RefreshWindow.IsoWeek(DateTimeOffset.UtcNow),
        DigestsDirectory: RootPath(DigestsDir));

    // One backend entry on CI builds every platform it lists (buildx); otherwise the host's platform, which the
    // engine's BuildKit can load. A pull request's runner has no QEMU: a multi-platform row builds the runner's platform.
    string BuildPlatform => PullRequest is null ? RequestedPlatform : Platforms.OneFor(RequestedPlatform, HostPlatform);

    string RequestedPlatform => Platform
        ?? (TagSuffix is not null && DarwinEntry is null && SelectedBackends is [var only] ? string.Join(",", only.Entry.Platforms) : HostPlatform);

    static string HostPlatform => RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "linux/arm64" : "linux/amd64";
}
