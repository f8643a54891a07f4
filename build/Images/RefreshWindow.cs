using System.Globalization;

namespace Strata.Images;

/// <summary>
/// The period an inputs hash stays valid: a base rebuilds at least once per window to pick up OS security
/// updates even when no input file changed.
/// </summary>
public static class RefreshWindow
{
    public static string IsoWeek(DateTimeOffset moment)
    {
        var date = moment.UtcDateTime;
        return $"{ISOWeek.GetYear(date):D4}-W{ISOWeek.GetWeekOfYear(date):D2}";
    }
}
