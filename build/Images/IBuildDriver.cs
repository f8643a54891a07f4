namespace Strata.Images;

/// <summary>Runs one image build with BuildKit, either through buildx or through the engine's embedded BuildKit.</summary>
public interface IBuildDriver
{
    /// <summary>"buildx" or "engine".</summary>
    string Name { get; }

    /// <summary>The docker client this driver runs.</summary>
    string Cli { get; }

    Task<BuildResult> BuildAsync(ImageBuildRequest request, CancellationToken cancellationToken = default);
}
