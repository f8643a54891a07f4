using Strata.Matrix;

namespace Strata.Images;

/// <summary>
/// The digest channel between the legs of a multi-platform image and its merge: each leg that pushes writes
/// <c>&lt;digests-dir&gt;/&lt;tag-suffix&gt;/&lt;platform-tag&gt;.digest</c> (one line, <c>sha256:…</c>). On GitHub each leg uploads
/// its folder as an artifact and the merge job downloads its tag-suffix's artifacts back into the same layout; locally
/// the legs and the merge share the folder. Base legs use the same layout under <see cref="Matrix.ImageRefs.BaseDigestsKey"/>
/// (<c>base-image-&lt;stem&gt;/&lt;platform-tag&gt;.digest</c>).
/// </summary>
public static class BackendLegs
{
    /// <param name="key">The image's folder: a backend's tag-suffix, or a base's <see cref="Matrix.ImageRefs.BaseDigestsKey"/>.</param>
    public static string DigestFile(string digestsDirectory, string key, string platformTag) =>
        Path.Combine(digestsDirectory, key, platformTag + ".digest");

    public static async Task WriteAsync(string digestFile, string digest, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(digestFile)!);
        await File.WriteAllTextAsync(digestFile, digest + "\n", cancellationToken);
    }

    /// <summary>The recorded digest, or null when the leg wrote none (it failed or did not run).</summary>
    public static string? Read(string digestFile)
    {
        if (!File.Exists(digestFile))
            return null;
        var digest = File.ReadAllText(digestFile).Trim();
        return digest.StartsWith("sha256:", StringComparison.Ordinal) && digest.Length == 71 && digest[7..].All(char.IsAsciiHexDigitLower)
            ? digest
            : throw new InvalidDataException($"{digestFile} does not hold a sha256 digest");
    }
}
