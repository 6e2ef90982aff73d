using Femto.Config;

namespace Femto.Cli;

/// <summary><c>femto config check FILE [-D name=value]…</c>: loads a JSON or CPython INI configuration without
/// applying it (no file is opened) and prints the effective pipeline, or the error naming the section and key.
/// For INI files, <c>%(here)s</c> is the file's directory unless <c>-D here=…</c> says otherwise.</summary>
internal static class ConfigCommand
{
    public const string Usage = "femto config check FILE [-D NAME=VALUE]...";

    /// <returns>0 when the configuration is valid, 1 when it is not, 2 for a usage error.</returns>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length < 2 || args[0] != "check")
        {
            stderr.WriteLine("usage: " + Usage);
            return 2;
        }
        string path = args[1];
        var defaults = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["here"] = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".",
        };
        for (int i = 2; i < args.Length; i++)
        {
            int eq = i + 1 < args.Length ? args[i + 1].IndexOf('=', StringComparison.Ordinal) : -1;
            if (args[i] != "-D" || eq <= 0)
            {
                stderr.WriteLine($"unexpected argument '{args[i]}'\nusage: {Usage}");
                return 2;
            }
            defaults[args[i + 1][..eq]] = args[i + 1][(eq + 1)..];
            i++;
        }
        try
        {
            var config = FemtoConfig.LoadFile(path, defaults);
            stdout.Write(config.Describe());
            stdout.WriteLine($"{path}: OK");
            return 0;
        }
        catch (Exception ex) when (ex is FemtoConfigException or FileNotFoundException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: {ex.Message}");
            return 1;
        }
    }
}
