namespace Strata.Matrix;

public static class Platforms
{
    public const string Amd64 = "linux/amd64";
    public const string Arm64 = "linux/arm64";
    public static readonly IReadOnlyList<string> Valid = [Amd64, Arm64];

    /// <summary>Splits a comma list (spaces allowed); an absent or empty value means linux/amd64.</summary>
    public static IReadOnlyList<string> Parse(string value)
    {
        var parts = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 0 ? [Amd64] : parts;
    }

    /// <summary>One platform of a comma list: the host's when the list has it (a runner without emulation builds natively), else the first.</summary>
    public static string OneFor(string platforms, string host)
    {
        var parsed = Parse(platforms);
        return parsed.Contains(host) ? host : parsed[0];
    }
}
