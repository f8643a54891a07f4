namespace Strata.Images;

public sealed record BuildResult(bool AllStepsCached, TimeSpan Duration, IReadOnlyList<string> Tags, string Driver);
