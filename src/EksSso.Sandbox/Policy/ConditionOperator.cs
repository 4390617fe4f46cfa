using System.Collections.Frozen;

namespace EksSso.Sandbox.Policy;

/// <summary>What kind of values an operator compares.</summary>
internal enum ConditionFamily
{
    String,
    StringIgnoreCase,
    StringLike,
    Numeric,
    Date,
    Bool,
    Binary,
    IpAddress,
    Arn,
    Null,
}

/// <summary>The ordering test of the Numeric and Date families; everything else only tests equality.</summary>
internal enum ConditionComparison
{
    Equal,
    LessThan,
    LessThanEquals,
    GreaterThan,
    GreaterThanEquals,
}

/// <summary>The <c>ForAnyValue:</c> / <c>ForAllValues:</c> set qualifiers for multivalued context keys.</summary>
internal enum SetQualifier
{
    None,
    ForAnyValue,
    ForAllValues,
}

/// <summary>A parsed condition operator name such as <c>ForAllValues:StringNotLikeIfExists</c>.</summary>
internal sealed record ConditionOperator(ConditionFamily Family, ConditionComparison Comparison, bool Negated, bool IfExists, SetQualifier Qualifier)
{
    private const string IfExistsSuffix = "IfExists";
    private const string ForAnyValuePrefix = "ForAnyValue:";
    private const string ForAllValuesPrefix = "ForAllValues:";

    // IAM's complete operator list; names are case-sensitive like every other policy element name.
    private static readonly FrozenDictionary<string, (ConditionFamily Family, ConditionComparison Comparison, bool Negated)> s_base =
        new Dictionary<string, (ConditionFamily, ConditionComparison, bool)>(StringComparer.Ordinal)
        {
            ["StringEquals"] = (ConditionFamily.String, ConditionComparison.Equal, false),
            ["StringNotEquals"] = (ConditionFamily.String, ConditionComparison.Equal, true),
            ["StringEqualsIgnoreCase"] = (ConditionFamily.StringIgnoreCase, ConditionComparison.Equal, false),
            ["StringNotEqualsIgnoreCase"] = (ConditionFamily.StringIgnoreCase, ConditionComparison.Equal, true),
            ["StringLike"] = (ConditionFamily.StringLike, ConditionComparison.Equal, false),
            ["StringNotLike"] = (ConditionFamily.StringLike, ConditionComparison.Equal, true),
            ["NumericEquals"] = (ConditionFamily.Numeric, ConditionComparison.Equal, false),
            ["NumericNotEquals"] = (ConditionFamily.Numeric, ConditionComparison.Equal, true),
            ["NumericLessThan"] = (ConditionFamily.Numeric, ConditionComparison.LessThan, false),
            ["NumericLessThanEquals"] = (ConditionFamily.Numeric, ConditionComparison.LessThanEquals, false),
            ["NumericGreaterThan"] = (ConditionFamily.Numeric, ConditionComparison.GreaterThan, false),
            ["NumericGreaterThanEquals"] = (ConditionFamily.Numeric, ConditionComparison.GreaterThanEquals, false),
            ["DateEquals"] = (ConditionFamily.Date, ConditionComparison.Equal, false),
            ["DateNotEquals"] = (ConditionFamily.Date, ConditionComparison.Equal, true),
            ["DateLessThan"] = (ConditionFamily.Date, ConditionComparison.LessThan, false),
            ["DateLessThanEquals"] = (ConditionFamily.Date, ConditionComparison.LessThanEquals, false),
            ["DateGreaterThan"] = (ConditionFamily.Date, ConditionComparison.GreaterThan, false),
            ["DateGreaterThanEquals"] = (ConditionFamily.Date, ConditionComparison.GreaterThanEquals, false),
            ["Bool"] = (ConditionFamily.Bool, ConditionComparison.Equal, false),
            ["BinaryEquals"] = (ConditionFamily.Binary, ConditionComparison.Equal, false),
            ["IpAddress"] = (ConditionFamily.IpAddress, ConditionComparison.Equal, false),
            ["NotIpAddress"] = (ConditionFamily.IpAddress, ConditionComparison.Equal, true),
            ["ArnEquals"] = (ConditionFamily.Arn, ConditionComparison.Equal, false),
            ["ArnLike"] = (ConditionFamily.Arn, ConditionComparison.Equal, false),
            ["ArnNotEquals"] = (ConditionFamily.Arn, ConditionComparison.Equal, true),
            ["ArnNotLike"] = (ConditionFamily.Arn, ConditionComparison.Equal, true),
            ["Null"] = (ConditionFamily.Null, ConditionComparison.Equal, false),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Whether policy variables are substituted in this operator's values (IAM: string and ARN operators only).</summary>
    public bool SupportsVariables => Family is ConditionFamily.String or ConditionFamily.StringIgnoreCase or ConditionFamily.StringLike or ConditionFamily.Arn;

    public static bool TryParse(string text, out ConditionOperator? op)
    {
        op = null;
        var name = text;
        var qualifier = SetQualifier.None;
        if (name.StartsWith(ForAnyValuePrefix, StringComparison.Ordinal))
        {
            qualifier = SetQualifier.ForAnyValue;
            name = name[ForAnyValuePrefix.Length..];
        }
        else if (name.StartsWith(ForAllValuesPrefix, StringComparison.Ordinal))
        {
            qualifier = SetQualifier.ForAllValues;
            name = name[ForAllValuesPrefix.Length..];
        }

        var ifExists = false;
        if (name.EndsWith(IfExistsSuffix, StringComparison.Ordinal) && name.Length > IfExistsSuffix.Length)
        {
            ifExists = true;
            name = name[..^IfExistsSuffix.Length];
        }

        if (!s_base.TryGetValue(name, out var entry))
        {
            return false;
        }

        // Null is itself the existence test, so IAM has no NullIfExists.
        if (entry.Family == ConditionFamily.Null && ifExists)
        {
            return false;
        }

        op = new ConditionOperator(entry.Family, entry.Comparison, entry.Negated, ifExists, qualifier);
        return true;
    }
}
