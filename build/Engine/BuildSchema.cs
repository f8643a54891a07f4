using System.Text;
using System.Text.Json;

namespace Strata.Engine;

/// <summary>
/// <c>.nuke/build.schema.json</c> in NUKE's layout, so NUKE's IDE extensions and global tool complete
/// <c>.nuke/parameters.json</c>: draft-04; <c>definitions</c> for the target names, the verbosity and the built-in
/// parameters (<c>NukeBuild</c>); <c>allOf</c> of the build's own parameters and a reference to <c>NukeBuild</c>.
/// Enumeration values are listed by field name, enum values by name, nullable value types as <c>[T, "null"]</c>.
/// </summary>
public static class BuildSchema
{
    const string SecretDefault = "Secrets must be entered via 'nuke :secrets [profile]'";

    public static string Generate(Type buildType)
    {
        var targets = TargetModel.TargetProperties(buildType).Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        var parameters = ParameterDescriptor.Discover(buildType).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();

        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, NewLine = "\n" }))
        {
            json.WriteStartObject();
            json.WriteString("$schema", "http://json-schema.org/draft-04/schema#");
            json.WriteStartObject("definitions");
            WriteEnumDefinition(json, "ExecutableTarget", null, targets);
            WriteEnumDefinition(json, "Verbosity", "", Enum.GetNames<Verbosity>().Reverse().ToList());
            WriteBuiltIns(json);
            json.WriteEndObject();

            json.WriteStartArray("allOf");
            json.WriteStartObject();
            json.WriteStartObject("properties");
            foreach (var parameter in parameters)
            {
                json.WriteStartObject(parameter.Name);
                WriteType(json, parameter.Type, parameter.Description.TrimEnd('.'));
                if (parameter.IsSecret) json.WriteString("default", SecretDefault);
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartObject();
            json.WriteString("$ref", "#/definitions/NukeBuild");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    static void WriteEnumDefinition(Utf8JsonWriter json, string name, string? description, IReadOnlyList<string> values)
    {
        json.WriteStartObject(name);
        json.WriteString("type", "string");
        if (description is not null) json.WriteString("description", description);
        json.WriteStartArray("enum");
        foreach (var value in values) json.WriteStringValue(value);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>NUKE's own parameters (those this engine has) plus this engine's --parallel and --keep-going.</summary>
    static void WriteBuiltIns(Utf8JsonWriter json)
    {
        json.WriteStartObject("NukeBuild");
        json.WriteStartObject("properties");
        void Simple(string name, string type, string description)
        {
            json.WriteStartObject(name);
            json.WriteString("type", type);
            json.WriteString("description", description);
            json.WriteEndObject();
        }
        void TargetList(string name, string description)
        {
            json.WriteStartObject(name);
            json.WriteString("type", "array");
            json.WriteString("description", description);
            json.WriteStartObject("items");
            json.WriteString("$ref", "#/definitions/ExecutableTarget");
            json.WriteEndObject();
            json.WriteEndObject();
        }
        Simple("Continue", "boolean", "Indicates to continue a previously failed build attempt");
        Simple("Help", "boolean", "Shows the help text for this build assembly");
        Simple("KeepGoing", "boolean", "After a failure, keeps running every target that does not depend on it");
        json.WriteStartObject("Parallel");
        json.WriteString("type", "integer");
        json.WriteString("description", "Runs up to this many independent targets at once");
        json.WriteString("format", "int32");
        json.WriteEndObject();
        Simple("Plan", "boolean", "Shows the execution plan (HTML)");
        json.WriteStartObject("Profile");
        json.WriteString("type", "array");
        json.WriteString("description", "Defines the profiles to load");
        json.WriteStartObject("items");
        json.WriteString("type", "string");
        json.WriteEndObject();
        json.WriteEndObject();
        Simple("Root", "string", "Root directory during build execution");
        TargetList("Skip", "List of targets to be skipped. Empty list skips all dependencies");
        TargetList("Target", "List of targets to be invoked (default: the build's default targets)");
        json.WriteStartObject("Verbosity");
        json.WriteString("description", "Logging verbosity during build execution. Default is 'Normal'");
        json.WriteString("$ref", "#/definitions/Verbosity");
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    static void WriteType(Utf8JsonWriter json, Type type, string description)
    {
        if (type.IsArray)
        {
            json.WriteString("type", "array");
            if (description.Length > 0) json.WriteString("description", description);
            json.WriteStartObject("items");
            WriteType(json, type.GetElementType()!, "");
            json.WriteEndObject();
            return;
        }
        var element = ParameterTypes.ElementType(type);
        var name = element == typeof(bool) ? "boolean" : element == typeof(int) ? "integer" : "string";
        if (Nullable.GetUnderlyingType(type) is not null)
        {
            json.WriteStartArray("type");
            json.WriteStringValue(name);
            json.WriteStringValue("null");
            json.WriteEndArray();
        }
        else json.WriteString("type", name);
        if (description.Length > 0) json.WriteString("description", description);
        if (element == typeof(int)) json.WriteString("format", "int32");
        if (SchemaValues(element) is { } values)
        {
            json.WriteStartArray("enum");
            foreach (var value in values) json.WriteStringValue(value);
            json.WriteEndArray();
        }
    }

    static IReadOnlyList<string>? SchemaValues(Type element) =>
        element.IsEnum ? Enum.GetNames(element)
        : typeof(Enumeration).IsAssignableFrom(element) ? Enumeration.FieldsOf(element).Select(field => field.Name).Order(StringComparer.Ordinal).ToList()
        : null;

    internal static void Update(string rootDirectory, Type buildType, CancellationToken cancellationToken = default)
    {
        var directory = Path.Combine(rootDirectory, ".nuke");
        if (!Directory.Exists(directory)) return;
        var path = Path.Combine(directory, "build.schema.json");
        var schema = Generate(buildType);
        if (File.Exists(path) && File.ReadAllText(path) == schema) return;
        try
        {
            OutputFiles.WriteOne(path, schema, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Log.Warning($"cannot update {path}: {exception.Message}");
        }
    }
}
