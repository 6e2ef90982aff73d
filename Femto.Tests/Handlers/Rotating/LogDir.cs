using System.IO.Compression;
using System.Text;

namespace Femto.Tests.Handlers.Rotating;

/// <summary>Reads what a rotating handler left in its directory: file names and lines, gzip or plain.</summary>
internal static class LogDir
{
    /// <summary>Names of the files next to <paramref name="livePath"/> (the live file included), sorted.</summary>
    public static string[] Names(string livePath) =>
        [.. Directory.GetFileSystemEntries(Path.GetDirectoryName(livePath)!).Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal)];

    /// <summary>Names of the backups of <paramref name="livePath"/> (every file but the live one), sorted.</summary>
    public static string[] Backups(string livePath) => [.. Names(livePath).Where(n => n != Path.GetFileName(livePath))];

    /// <summary>The file's text, decompressed when it ends in .gz (which must be a complete gzip stream).</summary>
    public static string Text(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (!path.EndsWith(".gz", StringComparison.Ordinal)) return new StreamReader(file, Encoding.UTF8).ReadToEnd();
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        return new StreamReader(gzip, Encoding.UTF8).ReadToEnd();
    }

    /// <summary>The file's lines (text split on LF; a missing final LF shows as a torn last line).</summary>
    public static string[] Lines(string path)
    {
        string text = Text(path);
        if (text.Length == 0) return [];
        Assert.That(text, Does.EndWith("\n"), $"{Path.GetFileName(path)} ends with a torn line");
        return text[..^1].Split('\n');
    }

    /// <summary>A path next to <paramref name="livePath"/>.</summary>
    public static string Sibling(string livePath, string name) => Path.Combine(Path.GetDirectoryName(livePath)!, name);
}
