namespace Strata.Images;

/// <summary>
/// A parsed image reference. Only splits names the caller computed (the engine API wants repository and tag
/// apart, credentials are per registry host); it never composes new names.
/// </summary>
public sealed record ImageReference(string Registry, string Repository, string? Tag, string? Digest)
{
    public const string DockerHub = "docker.io";

    public static ImageReference Parse(string reference)
    {
        if (string.IsNullOrWhiteSpace(reference) || reference.Any(char.IsWhiteSpace))
            throw new ArgumentException($"'{reference}' is not an image reference (expected [registry/]repository[:tag][@digest])");
        var name = reference;
        string? digest = null;
        var at = name.IndexOf('@');
        if (at >= 0)
        {
            digest = name[(at + 1)..];
            name = name[..at];
        }
        string? tag = null;
        var colon = name.LastIndexOf(':');
        if (colon > name.LastIndexOf('/'))
        {
            tag = name[(colon + 1)..];
            name = name[..colon];
        }
        var slash = name.IndexOf('/');
        var first = slash < 0 ? null : name[..slash];
        var hasRegistry = first is not null && (first.Contains('.') || first.Contains(':') || first == "localhost");
        return hasRegistry
            ? new ImageReference(first!, name, tag, digest)
            : new ImageReference(DockerHub, name, tag, digest);
    }
}
