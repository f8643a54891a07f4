namespace Strata.GitHub.Rehearsal;

/// <summary>A job's (or one matrix row's) result as <c>needs.&lt;id&gt;.result</c> reads it, and its outputs.</summary>
public sealed record JobOutcome(string Result, IReadOnlyDictionary<string, string> Outputs)
{
    public const string Success = "success", Failure = "failure", Cancelled = "cancelled", Skipped = "skipped";

    public static JobOutcome Of(string result) => new(result, new Dictionary<string, string>());

    /// <summary>A matrix job: failure when a row failed, cancelled when one was cancelled, else success; outputs of later rows win when set.</summary>
    public static JobOutcome Combine(IReadOnlyList<JobOutcome> rows)
    {
        var result = rows.Any(r => r.Result == Failure) ? Failure
            : rows.Any(r => r.Result == Cancelled) ? Cancelled
            : rows.All(r => r.Result == Skipped) ? Skipped
            : Success;
        var outputs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows)
            foreach (var (name, value) in row.Outputs)
                if (value.Length > 0) outputs[name] = value;
        return new JobOutcome(result, outputs);
    }
}
