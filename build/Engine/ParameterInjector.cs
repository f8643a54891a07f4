using System.Reflection;

namespace Strata.Engine;

internal sealed record ParameterDescriptor(MemberInfo Member, string Name, string Description, Type Type, bool IsSecret)
{
    public string Option => "--" + Names.ToKebab(Name);

    public object? GetValue(object build) => Member switch
    {
        FieldInfo field => field.GetValue(build),
        PropertyInfo property => property.GetValue(build),
        _ => null,
    };

    public void SetValue(object build, object? value)
    {
        switch (Member)
        {
            case PropertyInfo { DeclaringType.IsInterface: true } property:
                ((NukeBuild)build).SetComponentValue(property.Name, value);
                break;
            case FieldInfo field:
                field.SetValue(build, value);
                break;
            case PropertyInfo { CanWrite: true } property:
                property.SetValue(build, value);
                break;
            case PropertyInfo property:
                var backingField = property.DeclaringType!.GetField($"<{property.Name}>k__BackingField", BindingFlags.Instance | BindingFlags.NonPublic)
                    ?? throw new InvalidOperationException($"parameter {property.Name} has neither a setter nor a backing field");
                backingField.SetValue(build, value);
                break;
        }
    }

    public static IReadOnlyList<ParameterDescriptor> Discover(Type buildType)
    {
        var chain = new List<Type>();
        for (var type = buildType; type is not null && type != typeof(NukeBuild) && type != typeof(object); type = type.BaseType)
            chain.Insert(0, type);
        const BindingFlags flags = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        // Component interfaces (NUKE's build components) declare parameters as properties that read TryGetValue.
        var components = buildType.GetInterfaces().OrderBy(i => i.FullName, StringComparer.Ordinal);
        var members = chain
            .SelectMany(type => DeclarationOrder.Sorted(type.GetMembers(flags).Where(m => m is FieldInfo or PropertyInfo)))
            .Concat(components.SelectMany(type => DeclarationOrder.Sorted(type.GetProperties(flags).Where(p => !p.Name.Contains('.')))));
        // A loop rather than LINQ over (member, attribute) tuples: generic code over a value type is not in the
        // precompiled framework, and every call of the build would JIT it.
        var parameters = new List<ParameterDescriptor>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in members)
            if (member.GetCustomAttribute<ParameterAttribute>() is { } attribute && Describe(member, attribute) is var parameter
                && seen.Add(Names.Normalize(parameter.Name)))
                parameters.Add(parameter);
        return parameters;
    }

    static ParameterDescriptor Describe(MemberInfo member, ParameterAttribute attribute)
    {
        var type = member is FieldInfo field ? field.FieldType : ((PropertyInfo)member).PropertyType;
        if (!ParameterTypes.IsSupported(type))
            throw new InvalidOperationException($"parameter {member.Name} has unsupported type {type.Name}");
        if (BuiltInParameters.IsBuiltIn(attribute.Name ?? member.Name))
            throw new InvalidOperationException($"parameter {member.Name} collides with the engine option --{Names.ToKebab(attribute.Name ?? member.Name)}");
        return new ParameterDescriptor(member, attribute.Name ?? member.Name, attribute.Description, type,
            member.GetCustomAttribute<SecretAttribute>() is not null);
    }
}

/// <summary>Sets [Parameter] members from the highest-precedence source that has a value.</summary>
internal static class ParameterInjector
{
    public static void Inject(object build, IReadOnlyList<ParameterDescriptor> parameters, ParameterSources sources)
    {
        foreach (var parameter in parameters)
        {
            if (sources.Find(parameter) is not { } raw) continue;
            var option = raw.Origin is null ? parameter.Option : $"{parameter.Option} ({raw.Origin})";
            parameter.SetValue(build, ParameterTypes.Convert(parameter.Type, raw.Values, option));
        }
    }
}

/// <summary>
/// Registers the values of [Secret] parameters for masking as soon as they are read, before any conversion or check
/// can quote them in an error.
/// </summary>
internal static class SecretValues
{
    /// <summary>The raw command-line and environment values, before the parameter files are even opened.</summary>
    public static IEnumerable<string> Raw(IReadOnlyList<ParameterDescriptor> parameters, CommandLine commandLine, IReadOnlyDictionary<string, string> environment)
    {
        foreach (var secret in parameters.Where(p => p.IsSecret))
        {
            foreach (var option in commandLine.Options.Where(option => Names.Match(option.Written, secret.Name)))
                foreach (var value in option.Values)
                    yield return value;
            foreach (var (name, value) in environment)
                if (Names.Normalize(name) == Names.Normalize(secret.Name))
                    yield return value;
        }
    }

    /// <summary>Every value a source holds for a secret parameter (the parameter files included).</summary>
    public static IEnumerable<string> FromSources(IReadOnlyList<ParameterDescriptor> parameters, ParameterSources sources) =>
        parameters.Where(p => p.IsSecret).SelectMany(p => sources.Find(p)?.Values ?? []);

    /// <summary>The values the build holds once injected, defaults included.</summary>
    public static IEnumerable<string> Injected(IReadOnlyList<ParameterDescriptor> parameters, object build) =>
        parameters.Where(p => p.IsSecret).SelectMany(p => p.GetValue(build) switch
        {
            string text => [text],
            string[] texts => texts,
            _ => Array.Empty<string>(),
        });
}
