using Strata.Matrix.Changes;
using Strata.Tests.GitHub.Workflows;

namespace Strata.Tests.Matrix.Changes;

/// <summary>This repository's own change rules file, as the build reads it.</summary>
static class RepositoryRules
{
    public static string File => Path.Combine(RepoPaths.Root, ".github", "backend-rules.yaml");

    public static ChangeRules Load() => ChangeRulesFile.Load(File, ".docker/bases");
}
