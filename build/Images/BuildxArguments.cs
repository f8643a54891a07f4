namespace Strata.Images;

/// <summary>Arguments for <c>docker buildx build</c>, where caches live in the registry as separate refs.</summary>
public static class BuildxArguments
{
    public static IReadOnlyList<string> For(ImageBuildRequest request)
    {
        var arguments = new List<string> { "buildx", "build", "--progress=plain", "-f", request.Dockerfile };
        if (request.Platform is { } platform)
            arguments.AddRange(["--platform", platform]);
        if (request.Target is { } target)
            arguments.AddRange(["--target", target]);
        foreach (var (name, value) in request.BuildArgs)
            arguments.AddRange(["--build-arg", $"{name}={value}"]);
        foreach (var (name, value) in request.Labels)
            arguments.AddRange(["--label", $"{name}={value}"]);
        foreach (var tag in request.Tags)
            arguments.AddRange(["-t", tag]);
        foreach (var cache in request.CacheFrom)
            arguments.AddRange(["--cache-from", $"type=registry,ref={cache}"]);
        // image-manifest=true: the cache is one OCI image manifest whose config is BuildKit's cache config, which every
        // OCI registry stores (the default, an index listing layers as manifests, is refused by some).
        if (request.CacheTo is { } cacheTo)
            arguments.AddRange(["--cache-to", $"type=registry,ref={cacheTo},mode=max,image-manifest=true,oci-mediatypes=true,ignore-error=true"]);
        // The docker image store holds one platform per tag, so a multi-platform result that is not pushed stays in
        // the build cache instead of failing the build on --load.
        if (request.Push)
            arguments.Add("--push");
        else if (!IsMultiPlatform(request.Platform))
            arguments.Add("--load");
        if (request.Pull)
            arguments.Add("--pull");
        if (request.Network is { } network)
            arguments.AddRange(["--network", network]);
        arguments.Add(request.ContextDir);
        return arguments;
    }

    public static bool IsMultiPlatform(string? platform) => platform?.Contains(',') == true;
}
