using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Matrix;

namespace Strata.GitHub;

/// <summary>Renders a <see cref="DerivedPlan"/> as the Derive target's outputs: one JSON object, or <c>$GITHUB_OUTPUT</c> lines.</summary>
public static class DeriveOutputs
{
    public const string RunAll = "run-all";
    public const string HasBackends = "has-backends";
    public const string HasBackendsDarwin = "has-backends-darwin";
    public const string HasBases = "has-bases";
    public const string Matrix = "matrix";
    public const string MatrixDarwin = "matrix-darwin";
    public const string BasesMatrix = "bases-matrix";
    public const string Backends = "backends";
    public const string MatrixShards = "matrix-shards";
    public const string MatrixShardPrefix = "matrix-";
    public const string HasMerges = "has-merges";
    public const string MergeShards = "merge-shards";
    public const string MergeShardPrefix = "merge-";
    public const string BaseBuilds = "base-builds";
    public const string HasBaseMerges = "has-base-merges";
    public const string BaseMerges = "base-merges";

    public static readonly JsonSerializerOptions CompactJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    public static readonly JsonSerializerOptions IndentedJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true };

    /// <summary>The <c>--output-json</c> object: the keys above with the whole matrix, flags under <c>backends</c>.</summary>
    public static JsonObject ToJson(DerivedPlan plan) => new()
    {
        [RunAll] = Bool(plan.RunAll),
        [HasBackends] = Bool(plan.HasBackends),
        [HasBackendsDarwin] = Bool(plan.HasDarwin),
        [HasBases] = Bool(plan.HasBases),
        [Matrix] = Include(plan.Backends.Select(EntryJson)),
        [MatrixDarwin] = Include(plan.Darwin.Select(EntryJson)),
        [BasesMatrix] = Include(plan.Bases.Select(BaseJson)),
        [Backends] = FlagsJson(plan.Flags),
    };

    /// <summary>
    /// <c>key=value</c> lines for <c>$GITHUB_OUTPUT</c>. GitHub caps a matrix at 256 jobs and a job's outputs at 1 MB,
    /// so the backend matrix always comes as <c>matrix-shards</c> plus <c>matrix-0</c>…; the whole <c>matrix</c> is
    /// added only while it fits in one shard (it would otherwise double the largest output for no consumer).
    /// Flags come as one <c>&lt;backend&gt;=true|false</c> line each.
    /// </summary>
    public static IReadOnlyList<string> ToGitHubOutput(DerivedPlan plan, int? shardCapacity = null)
    {
        var shards = plan.Shards(shardCapacity ?? Math.Min(plan.ShardSize, RunnerPolicy.MaxMatrixJobs));
        var lines = new List<string>
        {
            Line(RunAll, Bool(plan.RunAll)),
            Line(HasBackends, Bool(plan.HasBackends)),
            Line(HasBackendsDarwin, Bool(plan.HasDarwin)),
            Line(HasBases, Bool(plan.HasBases)),
        };
        if (shards.Count <= 1)
            lines.Add(Line(Matrix, Compact(Include(plan.Backends.Select(EntryJson)))));
        lines.Add(Line(MatrixShards, shards.Count.ToString()));
        if (shards.Count == 0)
            lines.Add(Line(ShardKey(0), Compact(Include([]))));
        for (var i = 0; i < shards.Count; i++)
            lines.Add(Line(ShardKey(i), Compact(Include(shards[i].Select(EntryJson)))));
        // Merges (tag-suffixes whose rows are legs) go to GITHUB_OUTPUT only: --output-json keeps the seed's keys.
        var merges = plan.Merges.Chunk(shardCapacity ?? plan.ShardSize).ToList();
        lines.Add(Line(HasMerges, Bool(merges.Count > 0)));
        lines.Add(Line(MergeShards, merges.Count.ToString()));
        if (merges.Count == 0)
            lines.Add(Line(MergeKey(0), Compact(Include([]))));
        for (var i = 0; i < merges.Count; i++)
            lines.Add(Line(MergeKey(i), Compact(Include(merges[i].Select(tagSuffix => new JsonObject { [FieldNames.TagSuffix] = tagSuffix })))));

        lines.Add(Line(MatrixDarwin, Compact(Include(plan.Darwin.Select(EntryJson)))));
        lines.Add(Line(BasesMatrix, Compact(Include(plan.Bases.Select(BaseJson)))));
        // The base jobs (GITHUB_OUTPUT only, like the merges): a flavour of one platform as one row, as bases-matrix
        // has it; a flavour whose consumers span several platforms as one leg row per platform, then one merge.
        lines.Add(Line(BaseBuilds, Compact(Include(BaseBuildRows(plan)))));
        lines.Add(Line(HasBaseMerges, Bool(plan.BaseMerges.Count > 0)));
        lines.Add(Line(BaseMerges, Compact(Include(plan.BaseMerges.Select(BaseJson)))));

        foreach (var flag in plan.Flags)
        {
            if (IsOutputName(flag.Backend))
                throw new InputException($"backend '{flag.Backend}' has the name of a Derive output; rename the backend in the matrix");
            lines.Add(Line(flag.Backend, Bool(flag.Changed)));
        }
        return lines;
    }

    /// <summary>
    /// Backend names become output names, and GitHub's runner compares output names case-insensitively: a backend
    /// named like a fixed output (in any casing), or two backends differing only in case, would overwrite another
    /// output. Checked on every Derive, whether or not <c>$GITHUB_OUTPUT</c> is set.
    /// </summary>
    public static void CheckNames(BackendMatrix matrix)
    {
        var problems = new List<MatrixProblem>();
        var first = new Dictionary<string, BackendEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in matrix.Linux.Concat(matrix.Darwin))
        {
            var backend = entry.Backend;
            if (backend.Length == 0)
                continue;
            if (IsOutputName(backend))
                problems.Add(MatrixProblem.For(entry, FieldNames.Backend,
                    $"backend '{backend}' has the name of a Derive output (output names are compared ignoring case); rename the backend"));
            else if (!first.TryAdd(backend, entry) && first[backend].Backend != backend)
                problems.Add(MatrixProblem.For(entry, FieldNames.Backend,
                    $"backend '{backend}' differs from backend '{first[backend].Backend}' (line {first[backend].LineOf(FieldNames.Backend)}) only in case; GitHub reads output names ignoring case, so one flag would overwrite the other"));
        }
        if (problems.Count > 0)
            throw new MatrixException(problems.OrderBy(p => p.Line).ToList());
    }

    static readonly HashSet<string> FixedKeys = new(StringComparer.OrdinalIgnoreCase)
        {
            RunAll, HasBackends, HasBackendsDarwin, HasBases, Matrix, MatrixDarwin, BasesMatrix, Backends, MatrixShards, HasMerges, MergeShards,
            BaseBuilds, HasBaseMerges, BaseMerges,
        };

    /// <summary>True for names the Derive outputs use themselves (in any casing), which a backend flag must not shadow.</summary>
    public static bool IsOutputName(string name) =>
        FixedKeys.Contains(name)
        || IsShardKey(name, MatrixShardPrefix) || IsShardKey(name, MergeShardPrefix);

    static bool IsShardKey(string name, string prefix) =>
        name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && name.Length > prefix.Length && name[prefix.Length..].All(char.IsAsciiDigit);

    public static string ShardKey(int index) => $"{MatrixShardPrefix}{index}";

    public static string MergeKey(int index) => $"{MergeShardPrefix}{index}";

    public static string Compact(JsonNode node) => node.ToJsonString(CompactJson);

    public static string Indented(JsonNode node) => node.ToJsonString(IndentedJson);

    static string Line(string key, string value) => $"{key}={value}";

    static string Bool(bool value) => value ? "true" : "false";

    static JsonObject Include(IEnumerable<JsonNode> entries) => new() { ["include"] = new JsonArray(entries.ToArray()) };

    static JsonNode EntryJson(DerivedBackend backend) => ObjectOf(backend.OutputFields);

    static JsonNode EntryJson(BackendEntry entry) => ObjectOf(entry.Fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    static JsonObject ObjectOf(IEnumerable<KeyValuePair<string, string>> fields)
    {
        var json = new JsonObject();
        foreach (var (name, value) in fields)
            json[name] = value;
        return json;
    }

    static JsonNode BaseJson(BaseFlavour flavour) => new JsonObject
    {
        ["tag-stem"] = flavour.TagStem,
        ["lang"] = flavour.Lang,
        ["base-image"] = flavour.BaseImage,
        ["build-type"] = flavour.BuildType,
        ["cuda-major-version"] = flavour.CudaMajorVersion,
        ["cuda-minor-version"] = flavour.CudaMinorVersion,
        ["ubuntu-version"] = flavour.UbuntuVersion,
        ["platforms"] = flavour.PlatformList,
        ["runs-on"] = RunnerPolicy.RunsOn(flavour.Platforms),
        ["skip-drivers"] = flavour.SkipDrivers,
    };

    /// <summary>One row per base job: the flavour itself, or each of its legs on the leg's native runner.</summary>
    public static IReadOnlyList<JsonNode> BaseBuildRows(DerivedPlan plan) => [.. plan.Bases.SelectMany(flavour => flavour.Legs.Count == 0
        ? [BaseJson(flavour)]
        : flavour.Legs.Select(leg =>
        {
            var row = (JsonObject)BaseJson(flavour);
            row["platforms"] = leg.Platform;
            row[FieldNames.PlatformTag] = leg.PlatformTag;
            row["runs-on"] = leg.RunsOn ?? RunnerPolicy.RunsOn([leg.Platform]);
            return (JsonNode)row;
        }))];

    static JsonObject FlagsJson(IReadOnlyList<BackendFlag> flags)
    {
        var json = new JsonObject();
        foreach (var flag in flags)
            json[flag.Backend] = Bool(flag.Changed);
        return json;
    }
}
