namespace Strata.Images;

/// <summary>One image build, with every name (tags, cache refs) already computed by the caller.</summary>
public sealed record ImageBuildRequest
{
    public required string Dockerfile { get; init; }
    public required string ContextDir { get; init; }
    public required IReadOnlyList<string> Tags { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> BuildArgs { get; init; } = [];
    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; init; } = [];
    public string? Platform { get; init; }
    public string? Target { get; init; }
    public IReadOnlyList<string> CacheFrom { get; init; } = [];
    /// <summary>Null on pull-request builds: they read caches and never write them.</summary>
    public string? CacheTo { get; init; }
    public bool Push { get; init; }
    public string? Network { get; init; }
    public bool Pull { get; init; }
}
