using Strata.GitHub.Workflows;
using YamlDotNet.RepresentationModel;

namespace Strata.Tests.GitHub.Workflows;

/// <summary>A rendered workflow parsed back with YamlDotNet, with accessors for structure tests.</summary>
sealed class ParsedWorkflow
{
    public ParsedWorkflow(WorkflowFile file)
    {
        Text = WorkflowYaml.Render(file);
        Root = WorkflowReader.Parse(Text);
    }

    public string Text { get; }
    public YamlMappingNode Root { get; }

    public YamlMappingNode Jobs => (YamlMappingNode)Root.Children["jobs"];
    public IReadOnlyList<string> JobIds => Jobs.Children.Keys.Cast<YamlScalarNode>().Select(k => k.Value!).ToList();
    public YamlMappingNode Job(string id) => (YamlMappingNode)Jobs.Children[id];

    public static string? Get(YamlMappingNode map, params string[] path)
    {
        YamlNode node = map;
        foreach (var key in path)
        {
            if (node is not YamlMappingNode mapping || !mapping.Children.TryGetValue(key, out var child))
                return null;
            node = child;
        }
        return ((YamlScalarNode)node).Value;
    }

    public static IReadOnlyList<string> GetList(YamlMappingNode map, params string[] path)
    {
        YamlNode node = map;
        foreach (var key in path)
            node = ((YamlMappingNode)node).Children[key];
        return ((YamlSequenceNode)node).Children.Cast<YamlScalarNode>().Select(s => s.Value!).ToList();
    }

    public string? JobValue(string id, params string[] path) => Get(Job(id), path);

    public IReadOnlyList<string> Needs(string id) =>
        Job(id).Children.TryGetValue("needs", out var needs)
            ? ((YamlSequenceNode)needs).Children.Cast<YamlScalarNode>().Select(s => s.Value!).ToList()
            : [];

    public IReadOnlyList<YamlMappingNode> Steps(string id) =>
        ((YamlSequenceNode)Job(id).Children["steps"]).Children.Cast<YamlMappingNode>().ToList();

    public IReadOnlyDictionary<string, string> Permissions(string id) =>
        ((YamlMappingNode)Job(id).Children["permissions"]).Children
            .ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => ((YamlScalarNode)p.Value).Value!);

    public IEnumerable<string> RunScripts() =>
        JobIds.SelectMany(Steps).Select(s => Get(s, "run")).OfType<string>();

    /// <summary>Every scalar in the job (keys and values), for "does this job mention X" checks.</summary>
    public IEnumerable<string> ScalarsIn(string id) => Scalars(Job(id));

    static IEnumerable<string> Scalars(YamlNode node) => node switch
    {
        YamlScalarNode scalar => [scalar.Value ?? ""],
        YamlMappingNode mapping => mapping.Children.SelectMany(e => Scalars(e.Key).Concat(Scalars(e.Value))),
        YamlSequenceNode sequence => sequence.Children.SelectMany(Scalars),
        _ => [],
    };

    /// <summary>The run script of the step that calls the build script with the given target.</summary>
    public YamlMappingNode TargetStep(string jobId, string target) =>
        Steps(jobId).Single(s => Get(s, "run")?.Contains($"./build.sh {target} ") == true);
}
