using System.Globalization;

namespace EksSso.Sandbox.Services.Ec2;

/// <summary>An IPv4 CIDR block, parsed strictly: four decimal octets, a prefix length, no host bits set.</summary>
public readonly record struct Cidr(uint Network, int Prefix)
{
    public uint Mask => Prefix == 0 ? 0 : uint.MaxValue << (32 - Prefix);

    public long Size => 1L << (32 - Prefix);

    public static bool TryParse(string text, out Cidr cidr)
    {
        cidr = default;
        var slash = text.IndexOf('/');
        if (slash < 0 || !TryParseAddress(text[..slash], out var address)
            || !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix)
            || prefix is < 0 or > 32 || text[(slash + 1)..] != prefix.ToString(CultureInfo.InvariantCulture))
        {
            return false;
        }

        var candidate = new Cidr(address, prefix);
        if ((address & candidate.Mask) != address)
        {
            return false;
        }

        cidr = candidate;
        return true;
    }

    public static bool TryParseAddress(string text, out uint address)
    {
        address = 0;
        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        foreach (var part in parts)
        {
            if (part.Length is 0 or > 3 || (part.Length > 1 && part[0] == '0')
                || !byte.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var octet))
            {
                return false;
            }

            address = (address << 8) | octet;
        }

        return true;
    }

    public static string FormatAddress(uint address) =>
        string.Create(CultureInfo.InvariantCulture, $"{address >> 24}.{(address >> 16) & 0xFF}.{(address >> 8) & 0xFF}.{address & 0xFF}");

    public bool Contains(Cidr other) => other.Prefix >= Prefix && (other.Network & Mask) == Network;

    public bool Contains(uint address) => (address & Mask) == Network;

    public bool Overlaps(Cidr other) => Contains(other) || other.Contains(this);

    /// <summary>The address <paramref name="offset"/> places after the network address.</summary>
    public string AddressAt(long offset) => FormatAddress((uint)(Network + offset));

    public override string ToString() => $"{FormatAddress(Network)}/{Prefix.ToString(CultureInfo.InvariantCulture)}";
}
