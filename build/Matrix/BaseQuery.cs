namespace Strata.Matrix;

/// <summary>
/// What <c>BuildBase</c> was asked for. Unset fields match any flavour of the matrix; a flavour the matrix does not
/// have is composed from the query and its defaults.
/// </summary>
public sealed record BaseQuery(string Lang, string BuildType)
{
    public string? UbuntuVersion { get; init; }
    /// <summary><c>X.Y</c>, only for the CUDA build types.</summary>
    public string? CudaVersion { get; init; }
    public string? BaseImage { get; init; }
    public string? Platform { get; init; }
    /// <summary>"true" or "false"; null matches either.</summary>
    public string? SkipDrivers { get; init; }
    public string DefaultUbuntuVersion { get; init; } = Stems.DefaultUbuntuVersion;
    public string? DefaultCudaVersion { get; init; }
    public string? DefaultBaseImage { get; init; }
}
