namespace EksSso.Sandbox.Hosting;

public sealed class SandboxOptions
{
    public int Port { get; set; }

    /// <summary>Fraction of AWS's real durations that asynchronous work takes; the default runs the demo in under a minute.</summary>
    public double TimeScale { get; set; } = 0.005;

    /// <summary>Where state is saved after every change and loaded from at start; null keeps it in memory only.</summary>
    public string? StateDirectory { get; set; }

    /// <summary>Start without an Identity Center instance (enabling one is console-only on AWS).</summary>
    public bool NoIdentityCenter { get; set; }

    public string HomeRegion { get; set; } = "us-east-1";

    /// <summary>Overrides how long issued session credentials live (to rehearse expiry); null = what was asked.</summary>
    public TimeSpan? SessionDurationOverride { get; set; }

    public static SandboxOptions Parse(string[] args)
    {
        var o = new SandboxOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--port": o.Port = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--time-scale": o.TimeScale = double.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--state-dir": o.StateDirectory = Next(); break;
                case "--no-identity-center": o.NoIdentityCenter = true; break;
                case "--home-region": o.HomeRegion = Next(); break;
                default: throw new ArgumentException($"Unknown option {args[i]}. Options: --port N --time-scale X --state-dir DIR --no-identity-center --home-region R");
            }
        }

        return o;
    }
}
