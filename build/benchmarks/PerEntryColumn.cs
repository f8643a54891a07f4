using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Strata.Benchmarks;

/// <summary>Median time or allocated bytes divided by the benchmark's <c>Entries</c> parameter: flat when cost grows linearly.</summary>
public sealed class PerEntryColumn : IColumn
{
    public static readonly IColumn Time = new PerEntryColumn("ns/entry", UnitType.Dimensionless,
        report => report.ResultStatistics?.Median);
    public static readonly IColumn Allocated = new PerEntryColumn("B/entry", UnitType.Dimensionless,
        report => report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase));

    readonly Func<BenchmarkReport, double?> measure;

    PerEntryColumn(string name, UnitType unit, Func<BenchmarkReport, double?> measure)
    {
        ColumnName = name;
        UnitType = unit;
        this.measure = measure;
    }

    public string Id => nameof(PerEntryColumn) + "." + ColumnName;
    public string ColumnName { get; }
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType { get; }
    public string Legend => $"{ColumnName}: median per matrix entry (linux entries), flat when cost is linear";

    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        var entries = benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == nameof(DerivationBenchmarks.Entries))?.Value as int?;
        if (report is null || entries is not > 0 || measure(report) is not { } value)
            return "-";
        return (value / entries.Value).ToString("N1", System.Globalization.CultureInfo.InvariantCulture);
    }
}
