using System.Text.RegularExpressions;

namespace Strata.GitHub.Workflows;

/// <summary>
/// Decides which string values must be quoted so that every YAML reader (1.1 or 1.2, including
/// GitHub's) reads them back as the same string rather than a boolean, null, number or date.
/// </summary>
static class YamlScalars
{
    private static Regex NonString() => nonString ??= new("""
        ^(?:
            y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF
          | null|Null|NULL|~
          | [-+]?(?:0|[1-9][0-9_]*)
          | [-+]?0[0-7_]+ | 0o[0-7]+ | [-+]?0x[0-9a-fA-F_]+ | [-+]?0b[01_]+
          | [-+]?(?:\.[0-9_]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?
          | [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?
          | [-+]?\.(?:inf|Inf|INF) | \.(?:nan|NaN|NAN)
          | [0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt\s].*)?
        )$
        """, RegexOptions.IgnorePatternWhitespace);
    static Regex? nonString;

    public static bool ResolvesToNonString(string value) => value.Length == 0 || NonString().IsMatch(value);
}
