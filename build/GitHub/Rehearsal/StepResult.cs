namespace Strata.GitHub.Rehearsal;

/// <param name="Outcome">success or failure, before continue-on-error.</param>
public sealed record StepResult(bool Succeeded, IReadOnlyDictionary<string, string> Outputs, string? Failure = null)
{
    public static StepResult Success(IReadOnlyDictionary<string, string>? outputs = null) =>
        new(true, outputs ?? new Dictionary<string, string>());

    public static StepResult Failed(string reason) => new(false, new Dictionary<string, string>(), reason);
}
