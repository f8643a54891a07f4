namespace Strata.Tests.EndToEnd;

/// <summary>
/// An engine the end-to-end tests run against, described by the env file its setup script writes:
/// the old engine (Docker 20.10, engine BuildKit, inline cache) or the current one (Docker 26 + buildx on the
/// containerd image store: registry caches, multi-platform). The same test classes run on each.
/// </summary>
public sealed record TestEngine(string Name, string EnvFile, string SetupScript, string CacheConfigMediaType, IReadOnlyList<string> BuildCommand)
{
    /// <summary>Inline cache: the cache ref is an image whose config carries the cache metadata.</summary>
    public static readonly TestEngine Classic = new("engine", "/run/strata/env", ".ci/docker-up.sh",
        "application/vnd.docker.container.image.v1+json", ["build"]);

    /// <summary>Registry cache (mode=max): the cache ref is a BuildKit cache manifest, not an image.</summary>
    public static readonly TestEngine Buildx = new("buildx", "/run/strata/buildx.env", ".ci/buildx-up.sh",
        RegistryApi.BuildKitCacheConfig, ["buildx", "build", "--load"]);

    /// <summary>
    /// How a test builds an image by hand with this engine's client: the distro client's <c>build</c> (BuildKit through
    /// DOCKER_BUILDKIT=1), or <c>buildx build --load</c> (the Docker 26 client in /opt runs buildx only as <c>buildx</c>).
    /// </summary>
    public IReadOnlyList<string> BuildCommand { get; } = BuildCommand;

    /// <summary>The build driver BuildBase reports for this engine ("building with …").</summary>
    public string DriverName => Name;
}
