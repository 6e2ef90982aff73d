using System.Globalization;

namespace Femto.Cli;

/// <summary>The arguments of <c>femto demo</c>: <c>[OUTPUT_DIR] [--dashboard [--port N] [--seconds N] [--open] [--force]]</c>.</summary>
internal sealed record DemoOptions(string? OutputDir, bool Dashboard, int Port, TimeSpan? StayUp, bool Open, bool Force)
{
    public const string Usage = "demo [OUTPUT_DIR] [--dashboard [--port N] [--seconds N] [--open] [--force]]";

    /// <summary>Parses the arguments after <c>demo</c>.</summary>
    /// <exception cref="ArgumentException">An unknown option or a bad number, with the reason.</exception>
    public static DemoOptions Parse(IReadOnlyList<string> args)
    {
        var options = new DemoOptions(null, false, 0, null, false, false);
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            options = a switch
            {
                "--dashboard" => options with { Dashboard = true },
                "--open" => options with { Open = true },
                "--force" => options with { Force = true },
                "--port" => options with { Port = Number(args, ++i, a, 0, 65535) },
                "--seconds" => options with { StayUp = TimeSpan.FromSeconds(Number(args, ++i, a, 0, int.MaxValue)) },
                _ when a.StartsWith('-') => throw new ArgumentException($"unknown option '{a}'"),
                _ when options.OutputDir is null => options with { OutputDir = a },
                _ => throw new ArgumentException($"unexpected argument '{a}'"),
            };
        }
        if (!options.Dashboard && (options.Port != 0 || options.StayUp is not null || options.Open || options.Force))
            throw new ArgumentException("--port, --seconds, --open and --force go with --dashboard");
        return options;
    }

    private static int Number(IReadOnlyList<string> args, int i, string option, int min, int max)
    {
        if (i >= args.Count || !int.TryParse(args[i], NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < min || n > max)
            throw new ArgumentException($"{option} needs a whole number from {min} to {max}");
        return n;
    }
}
