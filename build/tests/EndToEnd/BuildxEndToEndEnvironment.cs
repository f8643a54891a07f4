namespace Strata.Tests.EndToEnd;

/// <summary>
/// <see cref="EndToEndEnvironment"/> on the buildx engine (/run/strata/buildx.env): the fixture of the buildx twin of a
/// test class that needs nothing but the environment.
/// </summary>
public sealed class BuildxEndToEndEnvironment : EndToEndEnvironment
{
    public override TestEngine Under => TestEngine.Buildx;
}
