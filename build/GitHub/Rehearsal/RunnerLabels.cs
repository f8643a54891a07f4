namespace Strata.GitHub.Rehearsal;

/// <summary>What a <c>runs-on</c> label means on this machine: the host itself, arm64 under QEMU, or no such runner.</summary>
public sealed record RunnerKind(string Label, string Architecture, bool Emulated, string? Unavailable)
{
    /// <summary>The summary note of a row, e.g. "runs-on ubuntu-24.04-arm: arm64 under QEMU".</summary>
    public string Note => Emulated ? $"runs-on {Label}: arm64 under QEMU" : $"runs-on {Label}";
}

public static class RunnerLabels
{
    const string QemuBinfmt = "/proc/sys/fs/binfmt_misc/qemu-aarch64";

    public static RunnerKind Resolve(string label, string hostArchitecture, Func<string, bool>? fileExists = null)
    {
        fileExists ??= File.Exists;
        var lower = label.ToLowerInvariant();
        if (lower.StartsWith("macos", StringComparison.Ordinal) || lower.StartsWith("windows", StringComparison.Ordinal))
            return new RunnerKind(label, "", false,
                $"runs-on {label}: no such runner here (Linux only); leave the row out with --rows");
        var arm = lower.EndsWith("-arm", StringComparison.Ordinal) || lower.Contains("arm64", StringComparison.Ordinal) || lower.Contains("aarch64", StringComparison.Ordinal);
        var architecture = arm ? "arm64" : "amd64";
        if (architecture == hostArchitecture)
            return new RunnerKind(label, architecture, false, null);
        if (arm && !fileExists(QemuBinfmt))
            return new RunnerKind(label, architecture, true,
                $"runs-on {label}: arm64 rows run under QEMU here, but {QemuBinfmt} is not registered (install Debian qemu-user-static, or run .ci/buildx-up.sh)");
        return arm
            ? new RunnerKind(label, architecture, true, null)
            : new RunnerKind(label, architecture, false, $"runs-on {label}: an {architecture} runner cannot be emulated on this {hostArchitecture} host");
    }
}
