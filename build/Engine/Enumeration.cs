using System.Reflection;

namespace Strata.Engine;

/// <summary>A string-valued enumeration whose valid values are the public static readonly fields of the subclass.</summary>
public abstract class Enumeration
{
    protected Enumeration(string value, params string[] aliases)
    {
        Value = value;
        Aliases = aliases;
    }

    public string Value { get; }
    public IReadOnlyList<string> Aliases { get; }

    public override string ToString() => Value;
    public override bool Equals(object? obj) => obj is Enumeration other && other.GetType() == GetType() && other.Value == Value;
    public override int GetHashCode() => HashCode.Combine(GetType(), Value);

    public static IReadOnlyList<Enumeration> ValuesOf(Type type) =>
        FieldsOf(type)
            .Select(field => (Enumeration?)field.GetValue(null))
            .OfType<Enumeration>()
            .ToList();

    public static T Parse<T>(string text) where T : Enumeration =>
        (T)(TryParse(typeof(T), text)
            ?? throw new BuildInputException($"'{text}' is not valid; valid values: {string.Join(", ", ValuesOf(typeof(T)).Select(v => v.Value))}"));

    /// <summary>A value, an alias, or the field name (NUKE's schema offers field names: <c>SyclF16</c> for <c>sycl_f16</c>).</summary>
    internal static Enumeration? TryParse(Type type, string text) =>
        ValuesOf(type).FirstOrDefault(candidate =>
            string.Equals(candidate.Value, text, StringComparison.OrdinalIgnoreCase) ||
            candidate.Aliases.Any(alias => string.Equals(alias, text, StringComparison.OrdinalIgnoreCase)))
        ?? FieldsOf(type).Where(field => Names.Match(field.Name, text)).Select(field => (Enumeration?)field.GetValue(null)).FirstOrDefault();

    /// <summary>The public static readonly fields holding the values, in declaration order.</summary>
    internal static IEnumerable<FieldInfo> FieldsOf(Type type) =>
        DeclarationOrder.Sorted(type.GetFields(BindingFlags.Public | BindingFlags.Static | BindingFlags.FlattenHierarchy)
            .Where(field => field.IsInitOnly && type.IsAssignableFrom(field.FieldType)));
}
