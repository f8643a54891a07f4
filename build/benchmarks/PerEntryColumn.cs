using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Strata.Benchmarks;

/// <summary>Median time or allocated bytes divided by the benchmark's <c>Entries</c> parameter: flat when cost grows linearly.</summary>
public sealed class PerEntryColumn : IColumn
{
    public static readonly IColumn Time = new PerEntryColumn("ns/entry", "median time per operation / linux entries",
        report => report.ResultStatistics?.Median);
    public static readonly IColumn Allocated = new PerEntryColumn("B/entry", "allocated bytes per operation / linux entries",
        report => report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase));

    readonly Func<BenchmarkReport, double?> measure;

    PerEntryColumn(string name, string meaning, Func<BenchmarkReport, double?> measure)
    {
        ColumnName = name;
        Legend = $"{meaning}; flat across sizes when the cost is linear";
        this.measure = measure;
    }

    public string Id => nameof(PerEntryColumn) + "." + ColumnName;
    public string ColumnName { get; }
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend { get; }

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
