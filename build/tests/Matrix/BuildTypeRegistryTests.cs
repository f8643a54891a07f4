using System.Text.RegularExpressions;
using Strata.Engine;
using Strata.Matrix;
using Strata.Tests.GitHub.Workflows;

namespace Strata.Tests.Matrix;

/// <summary>The build-type registry is the one vocabulary: the matrix is checked against it at load, --accel and the base recipe follow it.</summary>
public class BuildTypeRegistryTests
{
    static MatrixProblem SingleProblem(string yaml) => Assert.Single(MatrixText.Reject(yaml).Problems);

    [Fact]
    public void A_misspelt_build_type_fails_at_load_with_its_line_and_the_valid_names()
    {
        var problem = SingleProblem("linux:\n" + MatrixText.Entry("-cpu-a") + MatrixText.Entry("-gpu-b", ("build-type", "cublass")));

        Assert.Equal(11, problem.Line);
        Assert.Contains("unknown build-type 'cublass'", problem.Message);
        Assert.Contains("cublas, l4t, hipblas", problem.Message);
    }

    [Fact]
    public void An_accelerator_name_in_the_matrix_is_told_its_matrix_spelling()
    {
        var problem = SingleProblem("linux:\n" + MatrixText.Entry("-gpu-a", ("build-type", "cuda"), ("cuda-major-version", "'12'"), ("cuda-minor-version", "'8'")));

        Assert.Contains("the matrix spells it 'cublas'", problem.Message);
    }

    [Fact]
    public void A_darwin_only_build_type_in_a_linux_entry_is_rejected()
    {
        var problem = SingleProblem("linux:\n" + MatrixText.Entry("-metal-a", ("build-type", "metal")));

        Assert.Contains("built on macOS only", problem.Message);
    }

    [Fact]
    public void Every_LocalAI_matrix_uses_only_registered_build_types()
    {
        foreach (var path in Fixtures.AllMatrices)
            MatrixFile.Load(path);
    }

    [Fact]
    public void Every_linux_build_type_is_an_accel_value_with_its_matrix_name_as_alias()
    {
        foreach (var type in BuildTypes.All.Where(type => !type.DarwinOnly))
        {
            var accelerator = Enumeration.Parse<Accelerator>(type.Accelerator);
            Assert.Equal(type.Name, accelerator.BuildType);
            Assert.Same(accelerator, Enumeration.Parse<Accelerator>(type.Name.Length == 0 ? "cpu" : type.Name));
        }
        Assert.Equal(BuildTypes.All.Count(type => !type.DarwinOnly), Enumeration.ValuesOf(typeof(Accelerator)).Count);
    }

    [Fact]
    public void The_base_recipe_installs_every_linux_build_type()
    {
        var script = File.ReadAllText(Path.Combine(RepoPaths.Root, ".docker", "bases", "install-accelerator.sh"));
        var cases = Regex.Matches(script, @"^\s*([a-z0-9_|"" ]+)\)\s*$", RegexOptions.Multiline)
            .SelectMany(match => match.Groups[1].Value.Split('|'))
            .Select(label => label.Trim().Trim('"'))
            .ToHashSet();
        foreach (var type in BuildTypes.All.Where(type => !type.DarwinOnly))
            Assert.Contains(type.Name, cases);
    }
}
