namespace Strata.Matrix;

public static class Runners
{
    public const string Arm = "ubuntu-24.04-arm";
    public const string Default = "ubuntu-latest";

    /// <summary>Arm-only bases build natively on an arm runner; anything with amd64 builds on ubuntu-latest (arm64 via QEMU).</summary>
    public static string For(IReadOnlyCollection<string> platforms) =>
        platforms.Count == 1 && platforms.Contains(Platforms.Arm64) ? Arm : Default;
}
