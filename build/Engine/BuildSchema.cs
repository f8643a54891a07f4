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

    /// <summary>
    /// Writes <c>.nuke/build.schema.json</c> when its content differs from what the build declares. Generating it
    /// costs reflection and JSON writing on every call, so a stamp in <c>.nuke/temp</c> records the compiled build
    /// (module version id) and the schema file (size, time) it was last checked against; while both are unchanged,
    /// a run costs one stat and one small read.
    /// </summary>
    internal static void Update(string rootDirectory, Type buildType)
    {
        var directory = Path.Combine(rootDirectory, ".nuke");
        if (!Directory.Exists(directory)) return;
        var path = Path.Combine(directory, "build.schema.json");
        var stampPath = Path.Combine(directory, "temp", "schema.stamp");
        if (Stamp(path, buildType) is { } current && File.Exists(stampPath) && ReadStamp(stampPath) == current) return;
        var schema = Generate(buildType);
        try
        {
            if (!File.Exists(path) || File.ReadAllText(path) != schema)
                File.WriteAllText(path, schema);
            Directory.CreateDirectory(Path.GetDirectoryName(stampPath)!);
            File.WriteAllText(stampPath, Stamp(path, buildType) ?? "");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Log.Warning($"cannot update {path}: {exception.Message}");
        }
    }

    static string? Stamp(string schemaPath, Type buildType)
    {
        var schema = new FileInfo(schemaPath);
        return schema.Exists
            ? $"{buildType.Module.ModuleVersionId} {buildType.FullName} {schema.Length} {schema.LastWriteTimeUtc.Ticks}"
            : null;
    }

    static string? ReadStamp(string stampPath)
    {
        try
        {
            return File.ReadAllText(stampPath);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
