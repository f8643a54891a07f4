namespace Strata.Matrix;

/// <summary>Which top-level keys the file used: <c>linux:</c>/<c>darwin:</c> or the later <c>include:</c>/<c>includeDarwin:</c>.</summary>
public enum MatrixSchema { LinuxDarwin, IncludeIncludeDarwin }

public sealed record BackendMatrix(
    string FilePath,
    MatrixSchema Schema,
    IReadOnlyList<BackendEntry> Linux,
    IReadOnlyList<BackendEntry> Darwin);
