using Strata.Engine;

namespace Strata.Images;

/// <summary>One leg a merge needs: its row name (for messages), its platform, and where it recorded its digest.</summary>
public sealed record MergeLeg(string RowName, string Platform, string DigestFile);

/// <param name="Repository">The backend repository the legs pushed to (without a tag).</param>
/// <param name="Tags">Every reference to publish the index under, e.g. <c>latest&lt;tag-suffix&gt;</c> and a release's tag.</param>
public sealed record MergeRequest(string TagSuffix, string Repository, IReadOnlyList<MergeLeg> Legs, IReadOnlyList<string> Tags);

/// <summary>
/// Publishes the legs of one tag-suffix as one OCI image index, through the registry API. Nothing is published
/// unless every leg recorded a digest and the registry holds each for the platform the leg built.
/// </summary>
public sealed class BackendMerge(RegistryImages registry)
{
    public async Task<string> RunAsync(MergeRequest request, CancellationToken cancellationToken = default)
    {
        var missing = request.Legs.Where(leg => BackendLegs.Read(leg.DigestFile) is null).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException(
                $"{string.Join(", ", missing.Select(leg => $"leg {leg.RowName} recorded no digest ({leg.DigestFile})"))}: " +
                $"it failed or did not run, so {string.Join(" and ", request.Tags)} stays as it was");

        var manifests = new List<ManifestDescriptor>();
        foreach (var leg in request.Legs)
        {
            var reference = $"{request.Repository}@{BackendLegs.Read(leg.DigestFile)}";
            var manifest = await registry.DescribeAsync(reference, cancellationToken)
                ?? throw new InvalidOperationException($"leg {leg.RowName}: the registry has no {reference}");
            if (manifest.Platform != leg.Platform)
                throw new InvalidOperationException($"leg {leg.RowName}: {reference} is {manifest.Platform}, the leg builds {leg.Platform}");
            manifests.Add(manifest);
        }
        foreach (var tag in request.Tags)
        {
            await registry.PutIndexAsync(tag, manifests, cancellationToken);
            Log.Info($"published {tag}: {string.Join(", ", manifests.Select(manifest => $"{manifest.Platform} {manifest.Digest}"))}");
        }
        return $"{manifests.Count} platforms → {string.Join(", ", request.Tags)}";
    }
}
