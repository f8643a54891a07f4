namespace Strata.Matrix;

/// <summary>One <c>key: value</c> pair of a matrix entry, normalized to a string, with the line it was written on.</summary>
public sealed record MatrixField(string Name, string Value, int Line);
