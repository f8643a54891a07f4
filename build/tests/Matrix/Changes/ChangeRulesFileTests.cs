using Strata.Matrix;
using Strata.Matrix.Changes;

namespace Strata.Tests.Matrix.Changes;

/// <summary>Loading rules files: the repository's own and the seed's load; every kind of bad input names file and line.</summary>
public class ChangeRulesFileTests
{
    const string File = "rules.yaml";

    static ChangeRulesException Bad(string yaml) =>
        Assert.Throws<ChangeRulesException>(() => ChangeRulesFile.Parse(yaml, File, ".docker/bases"));

    [Fact]
    public void The_repository_rules_and_the_seed_rules_load()
    {
        var repository = RepositoryRules.Load();
        var seed = Fixtures.SeedRules;

        Assert.Equal("cpp", repository.BaseLangs["turboquant"]);
        Assert.Contains(repository.Rules, rule => rule.Builtin == BuiltinRule.MatrixEdit);
        Assert.Equal([BuiltinRule.SourceDirs, null, null], seed.Rules.Select(rule => rule.Builtin));
        Assert.False(Assert.Single(seed.Follows).SelectsEntries);
    }

    [Theory]
    [InlineData("rules:\n  - paths: a/\n    linux: everything\n", 3, "unknown selector 'everything' for linux; valid: all, none")]
    [InlineData("rules:\n  - paths: a/\n    linux: { tags: [x] }\n", 3, "unknown selector 'tags' for linux; valid: all, none, langs, kinds, backends, canaries")]
    [InlineData("rules:\n  - paths: a/\n    darwin:\n      canaries: all\n", 4, "selector 'canaries' does not apply to darwin entries")]
    [InlineData("rules:\n  - paths: a/\n    darwin: { kinds: golang }\n", 3, "selector 'kinds' does not apply to darwin entries")]
    [InlineData("rules:\n  - paths: a/\n    linux: {}\n", 3, "the selector is empty; write 'none'")]
    [InlineData("rules:\n  - paths: ../outside/\n    linux: all\n", 2, "'../outside/' points outside the repository and can never match a changed file")]
    [InlineData("rules:\n  - paths: [a/, /etc/passwd]\n    linux: all\n", 2, "'/etc/passwd' is not a repository-relative path")]
    [InlineData("rules:\n  - paths: 'a/{name}/'\n    linux: all\n", 2, "unknown placeholder {name} (valid: {lang}, {bases-dir})")]
    [InlineData("rules:\n  - paths: ['a/Dockerfile.{lang}', b/]\n    linux: { canaries: '{lang}' }\n", 2, "pattern 'b/' does not bind it")]
    [InlineData("rules:\n  - paths: a/\n", 2, "a rule names what it selects")]
    [InlineData("rules:\n  - linux: all\n", 2, "a rule (or 'builtin:') needs 'paths:'")]
    [InlineData("rules:\n  - builtin: source-dirs\n  - builtin: source-dirs\n", 3, "builtin rule 'source-dirs' is already listed at line 2")]
    [InlineData("rules:\n  - builtin: everything\n", 2, "unknown builtin rule 'everything'; valid values: source-dirs, dockerfile-kind, matrix-edit")]
    [InlineData("rules:\n  - builtin: matrix-edit\n    linux: all\n", 2, "a builtin rule decides its own selection")]
    [InlineData("rules:\n  - paths: a/\n    linux: all\n    when: always\n", 4, "unknown key 'when' in a rule; valid keys: paths, builtin, linux, darwin")]
    [InlineData("base-langs:\n  llama-cpp: cpp\nsources: {}\n", 3, "unknown key 'sources' in the change rules file; valid keys: base-langs, darwin-default-lang, source-dirs, rules")]
    [InlineData("source-dirs:\n  linux:\n    - kind: python\n      dir: backend/{lang}/{backend}/\n", 4, "unknown placeholder {lang} (valid here: {backend}, {kind})")]
    [InlineData("source-dirs:\n  darwin:\n    - dir: ../backend/{backend}/\n", 3, "is not a directory inside the repository")]
    [InlineData("source-dirs:\n  follow:\n    - backend: fork\n", 3, "a follow mapping needs 'dirs:'")]
    [InlineData("rules: [\n", 2, "invalid YAML")]
    public void Bad_input_names_the_file_and_line_and_what_is_valid(string yaml, int line, string message)
    {
        var error = Bad(yaml);

        Assert.Equal(line, error.Line);
        Assert.StartsWith($"{File}:{line}: ", error.Message);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_missing_file_is_an_error_naming_it()
    {
        var error = Assert.Throws<ChangeRulesException>(() => ChangeRulesFile.Load("/nonexistent/rules.yaml", ".docker/bases"));

        Assert.Equal("/nonexistent/rules.yaml:0: change rules file not found", error.Message);
    }

    [Fact]
    public void An_empty_file_has_no_rules_and_kinds_build_on_the_base_of_their_own_name()
    {
        var rules = ChangeRulesFile.Parse("", File, ".docker/bases");
        var entry = new BackendEntry("m", MatrixSection.Linux, 0, 1, [new MatrixField(FieldNames.Dockerfile, "./backend/Dockerfile.llama-cpp", 1)]);

        Assert.Empty(rules.Rules);
        Assert.Equal("llama-cpp", rules.BaseLangOf(entry));
        Assert.Null(rules.SourceDirOf(entry));
    }

    [Fact]
    public void Source_dir_mappings_match_first_and_an_entry_source_dir_wins()
    {
        var rules = ChangeRulesFile.Parse("""
            source-dirs:
              linux:
                - kind: golang
                  backend: special
                  dir: go-special/{backend}
                - kind: golang
                  dir: backend/go/{backend}/
              darwin:
                - backend: llama-cpp
                  dir: backend/cpp/llama-cpp/
                - lang: ""
                  dir: backend/python/{backend}/
                - dir: backend/{lang}/{backend}/
            """, File, ".docker/bases");

        BackendEntry Linux(string backend, string? sourceDir = null) => new("m", MatrixSection.Linux, 0, 1,
            [new(FieldNames.Backend, backend, 1), new(FieldNames.Dockerfile, "./backend/Dockerfile.golang", 1),
             .. sourceDir is null ? Array.Empty<MatrixField>() : [new MatrixField(FieldNames.SourceDir, sourceDir, 1)]]);
        BackendEntry Darwin(string backend, string lang) => new("m", MatrixSection.Darwin, 0, 1,
            [new(FieldNames.Backend, backend, 1), new(FieldNames.Lang, lang, 1)]);

        Assert.Equal("go-special/special/", rules.SourceDirOf(Linux("special")));
        Assert.Equal("backend/go/hello/", rules.SourceDirOf(Linux("hello")));
        Assert.Equal("src/mine/", rules.SourceDirOf(Linux("hello", "./src/mine")));
        Assert.Equal("backend/cpp/llama-cpp/", rules.SourceDirOf(Darwin("llama-cpp", "go")));
        Assert.Equal("backend/python/mlx/", rules.SourceDirOf(Darwin("mlx", "")));
        Assert.Equal("backend/go/whisper/", rules.SourceDirOf(Darwin("whisper", "go")));
    }
}

public class ReadmeRulesExampleTests
{
    [Fact]
    public void The_readme_example_is_a_valid_rules_file_with_every_selector()
    {
        var readme = File.ReadAllText(Path.Combine(GitHub.Workflows.RepoPaths.Root, "README.md"));
        var section = readme[readme.IndexOf("## Change rules", StringComparison.Ordinal)..];
        var start = section.IndexOf("```yaml\n", StringComparison.Ordinal) + "```yaml\n".Length;
        var yaml = section[start..section.IndexOf("```", start, StringComparison.Ordinal)];

        var rules = ChangeRulesFile.Parse(yaml, "README.md", ".docker/bases");

        var selectors = rules.Rules.SelectMany(rule => new[] { rule.Linux, rule.Darwin }).ToList();
        Assert.Contains(selectors, s => s.Everything);
        Assert.Contains(selectors, s => s.Langs.Count > 0);
        Assert.Contains(selectors, s => s.Kinds.Count > 0);
        Assert.Contains(selectors, s => s.Backends.Count > 0);
        Assert.Contains(selectors, s => s.CanaryLangs.Count > 0);
        Assert.Contains(selectors, s => s.AllCanaries);
        Assert.Contains(rules.Rules, rule => rule.Builtin is null && rule.Linux.SelectsNothing && rule.Darwin.SelectsNothing);
        Assert.Equal(3, rules.Rules.Count(rule => rule.Builtin is not null));
    }
}
