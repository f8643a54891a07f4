namespace Strata.Tests.EndToEnd;

/// <summary>
/// An engine the end-to-end tests run against, described by the env file its setup script writes:
/// the old engine (Docker 20.10, engine BuildKit, inline cache) or the current one (Docker 26 + buildx on the
/// containerd image store: registry caches, multi-platform). The same test classes run on each.
/// </summary>
public sealed record TestEngine(string Name, string EnvFile, string SetupScript, string CacheConfigMediaType)
{
    /// <summary>Inline cache: the cache ref is an image whose config carries the cache metadata.</summary>
    public static readonly TestEngine Classic = new("engine", "/run/strata/env", ".ci/docker-up.sh",
        "application/vnd.docker.container.image.v1+json");

    /// <summary>Registry cache (mode=max): the cache ref is a BuildKit cache manifest, not an image.</summary>
    public static readonly TestEngine Buildx = new("buildx", "/run/strata/buildx.env", ".ci/buildx-up.sh",
        RegistryApi.BuildKitCacheConfig);

    /// <summary>The build driver BuildBase reports for this engine ("building with …").</summary>
    public string DriverName => Name;
}
