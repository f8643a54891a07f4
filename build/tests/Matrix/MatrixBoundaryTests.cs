using Strata.Tests.GitHub.Workflows;

namespace Strata.Tests.Matrix;

/// <summary>Matrix/ is pure domain code: GitHub's runner labels and job limits live in GitHub/RunnerPolicy.cs.</summary>
public class MatrixBoundaryTests
{
    [Fact]
    public void Matrix_sources_name_no_GitHub_runner_or_job_limit()
    {
        var sources = Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "build", "Matrix"), "*.cs", SearchOption.AllDirectories);
        foreach (var path in sources)
        {
            var text = File.ReadAllText(path);
            foreach (var forbidden in new[] { "Strata.GitHub", "ubuntu-latest", "ubuntu-24.04-arm", "macos-", "jobs per matrix" })
                Assert.False(text.Contains(forbidden, StringComparison.Ordinal), $"{path} mentions '{forbidden}'");
        }
    }
}
