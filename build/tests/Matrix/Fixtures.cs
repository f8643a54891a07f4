using System.Runtime.CompilerServices;
using Strata.Matrix;
using Strata.Matrix.Changes;
using Strata.Tests.GitHub.Workflows;

namespace Strata.Tests.Matrix;

/// <summary>
/// The LocalAI matrices (MIT licence; comment lines stripped) and the expected derivation outputs, kept in the test
/// sources under <c>build/tests/testdata/localai</c> so a bare clone runs these tests; see its README for provenance.
/// </summary>
static class Fixtures
{
    public static string LocalAi { get; } = Locate();
    public static string Expected => Path.Combine(LocalAi, "expected");
    public static string File(string name) => Path.Combine(LocalAi, name);

    public static IEnumerable<string> AllMatrices => Directory.EnumerateFiles(LocalAi, "*.yaml").Order(StringComparer.Ordinal);

    public static readonly IReadOnlySet<string> Pr9672Langs = new HashSet<string> { "python", "golang", "cpp", "rust" };
    public const string Pr9672BaseRepo = "quay.io/go-skynet/ci-cache";
    public const int Pr9672Number = 9672;

    public static IEnumerable<string> PullRequestCases =>
        Directory.EnumerateFiles(Expected, "pr9672.pr-*.changed")
            .Select(f => Path.GetFileName(f)["pr9672.pr-".Length..^".changed".Length])
            .Order(StringComparer.Ordinal);

    /// <summary>The seed's change rules as data (base langs, source dirs, canary rules); the goldens derive through it.</summary>
    public static string SeedRulesFile => Path.Combine(RepoPaths.Root, "build", "tests", "Matrix", "Changes", "testdata", "localai-seed.rules.yaml");

    /// <summary>LocalAI's recipe folder, which the seed's <c>{bases-dir}</c> rules stand for.</summary>
    public const string SeedBasesDir = ".docker/bases";

    static readonly Lazy<ChangeRules> Seed = new(() => ChangeRulesFile.Load(SeedRulesFile, SeedBasesDir));
    public static ChangeRules SeedRules => Seed.Value;

    static readonly Lazy<BackendMatrix> Pr9672Matrix = new(() => MatrixFile.Load(File("localai-pr9672.yaml")));
    public static BackendMatrix Pr9672 => Pr9672Matrix.Value;

    static readonly Lazy<BackendMatrix> Big = new(() => MatrixFile.Load(File("localai-2026-08.yaml")));
    public static BackendMatrix Matrix202608 => Big.Value;

    static string Locate([CallerFilePath] string caller = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(caller)!, "..", "testdata", "localai"));
}
