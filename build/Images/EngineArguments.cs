namespace Strata.Images;

/// <summary>
/// Arguments for the engine's embedded BuildKit (<c>DOCKER_BUILDKIT=1 docker build</c>). It cannot export a
/// registry cache, so a cache-writing build embeds its cache metadata in the image (inline cache) and the
/// driver pushes that image under the cache ref afterwards.
/// </summary>
public static class EngineArguments
{
    public static readonly IReadOnlyDictionary<string, string?> Environment =
        new Dictionary<string, string?> { ["DOCKER_BUILDKIT"] = "1" };

    public static IReadOnlyList<string> For(ImageBuildRequest request)
    {
        var arguments = new List<string> { "build", "--progress=plain", "-f", request.Dockerfile };
        if (request.CacheTo is not null)
            arguments.AddRange(["--build-arg", "BUILDKIT_INLINE_CACHE=1"]);
        foreach (var (name, value) in request.BuildArgs)
            arguments.AddRange(["--build-arg", $"{name}={value}"]);
        foreach (var (name, value) in request.Labels)
            arguments.AddRange(["--label", $"{name}={value}"]);
        foreach (var cache in request.CacheFrom)
            arguments.AddRange(["--cache-from", cache]);
        foreach (var tag in request.Tags)
            arguments.AddRange(["-t", tag]);
        if (request.Target is { } target)
            arguments.AddRange(["--target", target]);
        if (request.Pull)
            arguments.Add("--pull");
        if (request.Network is { } network)
            arguments.AddRange(["--network", network]);
        if (request.Platform is { } platform)
            arguments.AddRange(["--platform", platform]);
        arguments.Add(request.ContextDir);
        return arguments;
    }
}
