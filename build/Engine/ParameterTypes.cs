using System.Globalization;

namespace Strata.Engine;

/// <summary>Converts textual parameter values to member types and describes those types for help and schema.</summary>
internal static class ParameterTypes
{
    public static bool IsSupported(Type type)
    {
        var element = ElementType(type);
        return element == typeof(string) || element == typeof(bool) || element == typeof(int)
               || element.IsEnum || typeof(Enumeration).IsAssignableFrom(element);
    }

    public static Type ElementType(Type type)
    {
        if (type.IsArray) type = type.GetElementType()!;
        return Nullable.GetUnderlyingType(type) ?? type;
    }

    public static bool IsArray(Type type) => type.IsArray;
    public static bool IsBool(Type type) => !type.IsArray && ElementType(type) == typeof(bool);

    public static object? Convert(Type type, IReadOnlyList<string> values, string option)
    {
        if (type.IsArray)
        {
            var elementType = type.GetElementType()!;
            var array = Array.CreateInstance(elementType, values.Count);
            for (var i = 0; i < values.Count; i++)
                array.SetValue(ConvertScalar(elementType, values[i], option), i);
            return array;
        }
        // As in NUKE: a bool option without a value is true; any other option without a value is unset (null).
        if (values.Count == 0)
            return IsBool(type) ? true
                : !type.IsValueType || Nullable.GetUnderlyingType(type) is not null ? null
                : throw new BuildInputException($"{option}: a value is required");
        if (values.Count > 1)
            throw new BuildInputException($"{option}: expects one value but got {values.Count}: {string.Join(" ", values)}");
        return ConvertScalar(type, values[0], option);
    }

    static object ConvertScalar(Type type, string text, string option)
    {
        var element = Nullable.GetUnderlyingType(type) ?? type;
        if (element == typeof(string)) return text;
        if (element == typeof(int))
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
                ? number
                : throw new BuildInputException($"{option}: '{text}' is not a valid integer");
        if (element == typeof(bool))
            return text.ToLowerInvariant() switch
            {
                "true" or "1" or "yes" => true,
                "false" or "0" or "no" => false,
                _ => throw new BuildInputException($"{option}: '{text}' is not valid; valid values: true, false"),
            };
        if (element.IsEnum)
        {
            var match = Enum.GetNames(element).FirstOrDefault(name => Names.Match(name, text));
            return match is not null ? Enum.Parse(element, match) : throw Invalid(element, text, option);
        }
        if (typeof(Enumeration).IsAssignableFrom(element))
            return Enumeration.TryParse(element, text) ?? throw Invalid(element, text, option);
        throw new InvalidOperationException($"{option}: unsupported parameter type {type.Name}");
    }

    static BuildInputException Invalid(Type element, string text, string option) =>
        new($"{option}: '{text}' is not valid; valid values: {string.Join(", ", ValidValues(element)!)}");

    public static IReadOnlyList<string>? ValidValues(Type type)
    {
        var element = ElementType(type);
        if (element.IsEnum) return Enum.GetNames(element).Select(Names.ToKebab).ToList();
        if (typeof(Enumeration).IsAssignableFrom(element)) return Enumeration.ValuesOf(element).Select(v => v.Value).ToList();
        return null;
    }

    public static string Describe(Type type)
    {
        var element = ElementType(type);
        var name = element == typeof(string) ? "string"
            : element == typeof(int) ? "int"
            : element == typeof(bool) ? "bool"
            : Names.ToKebab(element.Name);
        if (Nullable.GetUnderlyingType(type.IsArray ? type.GetElementType()! : type) is not null) name += "?";
        return type.IsArray ? name + "[]" : name;
    }

    public static string? Format(object? value) => value switch
    {
        null => null,
        string text => text.Length == 0 ? null : text,
        bool flag => flag ? "true" : "false",
        Enum enumValue => Names.ToKebab(enumValue.ToString()),
        Array array => array.Length == 0 ? null : string.Join(" ", array.Cast<object?>().Select(Format)),
        _ => System.Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
