using System.Text;
using System.Text.Json;

namespace Strata.Engine;

/// <summary>JSON schema for <c>.nuke/parameters.json</c>: parameters with their value sets, plus Target and Skip.</summary>
public static class BuildSchema
{
    public static string Generate(Type buildType)
    {
        var targets = TargetModel.TargetProperties(buildType).Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        var parameters = ParameterDescriptor.Discover(buildType).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();

        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, NewLine = "\n" }))
        {
            json.WriteStartObject();
            json.WriteString("$schema", "http://json-schema.org/draft-04/schema#");
            json.WriteString("title", "Build Schema");
            json.WriteString("type", "object");
            json.WriteBoolean("additionalProperties", false);
            json.WriteStartObject("properties");
            json.WriteStartObject("$schema");
            json.WriteString("type", "string");
            json.WriteEndObject();
            foreach (var parameter in parameters)
            {
                json.WriteStartObject(parameter.Name);
                if (parameter.Description.Length > 0) json.WriteString("description", parameter.Description);
                WriteType(json, parameter.Type);
                json.WriteEndObject();
            }
            WriteTargetList(json, "Skip", "Targets to skip", targets);
            WriteTargetList(json, "Target", "Targets to run", targets);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    static void WriteType(Utf8JsonWriter json, Type type)
    {
        if (type.IsArray)
        {
            json.WriteString("type", "array");
            json.WriteStartObject("items");
            WriteType(json, type.GetElementType()!);
            json.WriteEndObject();
            return;
        }
        var element = ParameterTypes.ElementType(type);
        json.WriteString("type", element == typeof(bool) ? "boolean" : element == typeof(int) ? "integer" : "string");
        if (ParameterTypes.ValidValues(type) is { } values)
        {
            json.WriteStartArray("enum");
            foreach (var value in values) json.WriteStringValue(value);
            json.WriteEndArray();
        }
    }

    static void WriteTargetList(Utf8JsonWriter json, string name, string description, IReadOnlyList<string> targets)
    {
        json.WriteStartObject(name);
        json.WriteString("description", description);
        json.WriteString("type", "array");
        json.WriteStartObject("items");
        json.WriteString("type", "string");
        json.WriteStartArray("enum");
        foreach (var target in targets) json.WriteStringValue(target);
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

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
