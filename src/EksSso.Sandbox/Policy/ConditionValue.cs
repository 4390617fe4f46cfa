using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace EksSso.Sandbox.Policy;

/// <summary>
/// One policy value of a condition, pre-parsed for its operator family at document parse time so evaluation does
/// no pattern compilation or number/date parsing of policy text. A value that cannot be read for its family
/// (a "soon" under DateLessThan) simply never matches.
/// </summary>
internal sealed class ConditionValue
{
    // 9999-12-31T23:59:59Z, the last second DateTimeOffset can represent.
    private const long MaxEpochSeconds = 253_402_300_799;

    private ConditionValue(string raw)
    {
        Raw = raw;
    }

    public string Raw { get; }

    public WildcardPattern? Pattern { get; private init; }

    public ArnPattern? Arn { get; private init; }

    public decimal? Number { get; private init; }

    public DateTimeOffset? Date { get; private init; }

    public bool? Bool { get; private init; }

    public IpRange? Ip { get; private init; }

    public static ConditionValue Compile(ConditionFamily family, string raw, bool variables)
    {
        var vars = variables ? PatternOptions.Variables : PatternOptions.None;
        return family switch
        {
            ConditionFamily.String => new ConditionValue(raw) { Pattern = WildcardPattern.Get(raw, vars) },
            ConditionFamily.StringIgnoreCase => new ConditionValue(raw) { Pattern = WildcardPattern.Get(raw, vars | PatternOptions.IgnoreCase) },
            ConditionFamily.StringLike => new ConditionValue(raw) { Pattern = WildcardPattern.Get(raw, vars | PatternOptions.Wildcards) },

            // With a variable the ARN is only known per request, so keep a substitution template and split it then.
            ConditionFamily.Arn => WildcardPattern.Get(raw, vars) is { HasVariables: true } template
                ? new ConditionValue(raw) { Pattern = template }
                : new ConditionValue(raw) { Arn = ArnPattern.Get(raw) },
            ConditionFamily.Numeric => new ConditionValue(raw) { Number = ParseNumber(raw) },
            ConditionFamily.Date => new ConditionValue(raw) { Date = ParseDate(raw) },
            ConditionFamily.Bool or ConditionFamily.Null => new ConditionValue(raw) { Bool = ParseBool(raw) },
            ConditionFamily.IpAddress => new ConditionValue(raw) { Ip = IpRange.Parse(raw) },
            _ => new ConditionValue(raw),
        };
    }

    public bool Matches(ConditionOperator op, string actual, IReadOnlyDictionary<string, IReadOnlyList<string>> context)
    {
        switch (op.Family)
        {
            case ConditionFamily.String:
            case ConditionFamily.StringIgnoreCase:
            case ConditionFamily.StringLike:
                return Pattern!.IsMatch(actual, context);

            case ConditionFamily.Arn:
                var arn = Arn ?? (Pattern!.Substitute(context) is { } substituted ? ArnPattern.Get(substituted) : null);
                return arn is not null && arn.IsMatch(actual);

            case ConditionFamily.Numeric:
                return Number is { } number && ParseNumber(actual) is { } value && Compare(value.CompareTo(number), op.Comparison);

            case ConditionFamily.Date:
                return Date is { } date && ParseDate(actual) is { } when && Compare(when.CompareTo(date), op.Comparison);

            case ConditionFamily.Bool:
                return Bool is { } expected && ParseBool(actual) == expected;

            case ConditionFamily.Binary:
                return string.Equals(Raw, actual, StringComparison.Ordinal);

            case ConditionFamily.IpAddress:
                return Ip is { } range && IPAddress.TryParse(actual, out var address) && range.Contains(address);

            default:
                return false;
        }
    }

    private static bool Compare(int order, ConditionComparison comparison) => comparison switch
    {
        ConditionComparison.Equal => order == 0,
        ConditionComparison.LessThan => order < 0,
        ConditionComparison.LessThanEquals => order <= 0,
        ConditionComparison.GreaterThan => order > 0,
        _ => order >= 0,
    };

    private static decimal? ParseNumber(string text) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>IAM accepts ISO 8601 dates/times and epoch seconds (aws:EpochTime) for the Date operators.</summary>
    private static DateTimeOffset? ParseDate(string text)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch))
        {
            return epoch <= MaxEpochSeconds ? DateTimeOffset.FromUnixTimeSeconds(epoch) : null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value : null;
    }

    private static bool? ParseBool(string text) =>
        text.Equals("true", StringComparison.OrdinalIgnoreCase) ? true
        : text.Equals("false", StringComparison.OrdinalIgnoreCase) ? false
        : null;
}

/// <summary>A CIDR block (or single address) for IpAddress/NotIpAddress; host bits in the policy value are ignored.</summary>
internal sealed class IpRange
{
    private readonly byte[] _network;
    private readonly int _prefix;

    private IpRange(byte[] network, int prefix)
    {
        _network = network;
        _prefix = prefix;
    }

    public static IpRange? Parse(string text)
    {
        var slash = text.IndexOf('/');
        var addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText, out var address))
        {
            return null;
        }

        var bytes = address.GetAddressBytes();
        var prefix = bytes.Length * 8;
        if (slash >= 0 && (!int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > bytes.Length * 8))
        {
            return null;
        }

        return new IpRange(bytes, prefix);
    }

    public bool Contains(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.IsIPv4MappedToIPv6 && _network.Length == 4)
        {
            address = address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        if (bytes.Length != _network.Length)
        {
            return false;
        }

        var remaining = _prefix;
        for (var i = 0; i < bytes.Length && remaining > 0; i++, remaining -= 8)
        {
            var mask = remaining >= 8 ? 0xFF : (byte)(0xFF << (8 - remaining));
            if ((bytes[i] & mask) != (_network[i] & mask))
            {
                return false;
            }
        }

        return true;
    }
}
