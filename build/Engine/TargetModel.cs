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

    /// <summary>
    /// Target properties by target name: the build class's own, then those its interfaces provide (a default
    /// implementation, or the class's explicit implementation, which takes the short name as in NUKE). A name that two
    /// interfaces provide and the class does not is ambiguous, and NUKE rejects the build.
    /// </summary>
    public static IReadOnlyList<(string Name, PropertyInfo Property)> TargetProperties(Type buildType)
    {
        const BindingFlags flags = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        var properties = new List<(string Name, PropertyInfo Property)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in Hierarchy(buildType))
            foreach (var property in DeclarationOrder.Sorted(type.GetProperties(flags)
                         .Where(p => p.PropertyType == typeof(Target) && p.GetMethod is not null && !IsExplicitInterfaceImplementation(p))))
                if (names.Add(property.Name))
                    properties.Add((property.Name, property));

        var provided = new Dictionary<string, List<PropertyInfo>>(StringComparer.Ordinal);
        foreach (var @interface in buildType.GetInterfaces().OrderBy(i => i.FullName, StringComparer.Ordinal))
        {
            // Asked only for an abstract target (Native AOT cannot map an interface with default implementations).
            InterfaceMapping? implementations = null;
            foreach (var property in DeclarationOrder.Sorted(@interface.GetProperties(flags)
                         .Where(p => p.PropertyType == typeof(Target) && p.GetMethod is not null && !IsExplicitInterfaceImplementation(p))))
            {
                if (names.Contains(property.Name)) continue;
                if (property.GetMethod!.IsAbstract && !buildType.IsInterface)
                    implementations ??= buildType.GetInterfaceMap(@interface);
                var implementedExplicitly = implementations is { } map
                    && Array.IndexOf(map.InterfaceMethods, property.GetMethod) is var index and >= 0
                    && map.TargetMethods[index].DeclaringType is { IsInterface: false };
                if (property.GetMethod!.IsAbstract && !implementedExplicitly) continue;
                if (!provided.TryGetValue(property.Name, out var providers)) provided[property.Name] = providers = [];
                providers.Add(property);
            }
        }
        foreach (var (name, providers) in provided)
        {
            if (providers.Count > 1)
                throw new BuildInputException(
                    $"target {name} is provided by {string.Join(" and ", providers.Select(p => p.DeclaringType!.Name))}; implement it in {buildType.Name} to choose one");
            properties.Add((name, providers[0]));
        }
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
        foreach (var (name, property) in properties)
        {
            var target = (Target?)property.GetValue(build)
                ?? throw new InvalidOperationException($"target property {name} returned null");
            delegates[target.Method] = name;
            var definition = new TargetDefinition();
            target(definition);
            targets.Add(new DeclaredTarget(name, targets.Count, definition));
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
