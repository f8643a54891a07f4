using System.Linq.Expressions;
using System.Reflection;

namespace Strata.Engine;

/// <summary>One declared target with its relations resolved to target names.</summary>
internal sealed class DeclaredTarget(string name, int order, TargetDefinition definition)
{
    public string Name { get; } = name;
    public int Order { get; } = order;
    public TargetDefinition Definition { get; } = definition;
    public List<string> Dependencies { get; } = [];
    public List<string> Triggers { get; } = [];
    public List<string> RunsAfter { get; } = [];
    public string? Description => Definition.DescriptionText;
    public bool IsUnlisted => Definition.IsUnlisted;
}

/// <summary>Discovers <see cref="Target"/> properties of a build class and of the interfaces it implements.</summary>
internal sealed class TargetModel
{
    public IReadOnlyList<DeclaredTarget> Targets { get; }
    readonly Dictionary<string, DeclaredTarget> byNormalizedName;

    TargetModel(IReadOnlyList<DeclaredTarget> targets)
    {
        Targets = targets;
        byNormalizedName = targets.ToDictionary(target => Names.Normalize(target.Name));
    }

    public DeclaredTarget? Find(string name) => byNormalizedName.GetValueOrDefault(Names.Normalize(name));

    public DeclaredTarget Resolve(string name) =>
        Find(name) ?? throw new BuildInputException(
            $"unknown target '{name}'; available targets: {string.Join(", ", Targets.Where(t => !t.IsUnlisted).Select(t => t.Name))}");

    public static IReadOnlyList<PropertyInfo> TargetProperties(Type buildType)
    {
        var properties = new List<PropertyInfo>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in Hierarchy(buildType))
            foreach (var property in type.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                         .Where(p => p.PropertyType == typeof(Target) && p.GetMethod is not null && !IsExplicitInterfaceImplementation(p))
                         .OrderBy(p => p.MetadataToken))
                if (names.Add(property.Name))
                    properties.Add(property);
        foreach (var @interface in buildType.GetInterfaces().OrderBy(i => i.FullName, StringComparer.Ordinal))
            foreach (var property in @interface.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                         .Where(p => p.PropertyType == typeof(Target) && p.GetMethod is { IsAbstract: false })
                         .OrderBy(p => p.MetadataToken))
                if (names.Add(property.Name))
                    properties.Add(property);
        return properties;
    }

    static bool IsExplicitInterfaceImplementation(PropertyInfo property) => property.Name.Contains('.');

    static IEnumerable<Type> Hierarchy(Type type)
    {
        var chain = new List<Type>();
        for (var current = type; current is not null && current != typeof(NukeBuild) && current != typeof(object); current = current.BaseType)
            chain.Add(current);
        chain.Reverse();
        return chain;
    }

    public static TargetModel Discover(NukeBuild build)
    {
        var properties = TargetProperties(build.GetType());
        var delegates = new Dictionary<MethodInfo, string>();
        var targets = new List<DeclaredTarget>();
        foreach (var property in properties)
        {
            var target = (Target?)property.GetValue(build)
                ?? throw new InvalidOperationException($"target property {property.Name} returned null");
            delegates[target.Method] = property.Name;
            var definition = new TargetDefinition();
            target(definition);
            targets.Add(new DeclaredTarget(property.Name, targets.Count, definition));
        }

        string NameOf(Target target, DeclaredTarget owner) =>
            delegates.TryGetValue(target.Method, out var name)
                ? name
                : throw new InvalidOperationException($"target {owner.Name} refers to a target that is not a Target property of {build.GetType().Name}");

        var byName = targets.ToDictionary(t => t.Name);
        foreach (var target in targets)
        {
            var definition = target.Definition;
            foreach (var dependency in definition.Dependencies) target.Dependencies.Add(NameOf(dependency, target));
            foreach (var dependent in definition.Dependents) byName[NameOf(dependent, target)].Dependencies.Add(target.Name);
            foreach (var triggered in definition.Triggered) target.Triggers.Add(NameOf(triggered, target));
            foreach (var triggerer in definition.Triggerers) byName[NameOf(triggerer, target)].Triggers.Add(target.Name);
            foreach (var after in definition.RunsAfter) target.RunsAfter.Add(NameOf(after, target));
            foreach (var before in definition.RunsBefore) byName[NameOf(before, target)].RunsAfter.Add(target.Name);
        }

        foreach (var target in targets)
        {
            Deduplicate(target.Dependencies);
            Deduplicate(target.Triggers);
            Deduplicate(target.RunsAfter);
            if (target.Dependencies.Contains(target.Name) || target.Triggers.Contains(target.Name) || target.RunsAfter.Contains(target.Name))
                throw new BuildInputException($"target {target.Name} depends on itself");
        }
        return new TargetModel(targets);
    }

    static void Deduplicate(List<string> names)
    {
        var distinct = names.Distinct().ToList();
        names.Clear();
        names.AddRange(distinct);
    }

    public static string TargetName<T>(Expression<Func<T, Target>> expression)
    {
        var body = expression.Body;
        while (body is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.TypeAs } unary)
            body = unary.Operand;
        return body is MemberExpression { Member: PropertyInfo property }
            ? property.Name
            : throw new ArgumentException($"default target must be a Target property access, got {expression}");
    }
}
