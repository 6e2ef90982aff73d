using System.Globalization;

namespace Femto.Handlers;

/// <summary>Names of a size-rotated file's backups, CPython-style: <c>app.log.1</c> (newest) to
/// <c>app.log.N</c>, <c>.gz</c> appended when compressed. Pure naming, no IO.</summary>
internal static class SizeBackupNames
{
    /// <summary>The backup of <paramref name="path"/> with <paramref name="index"/> (1 = newest).</summary>
    public static string Of(string path, int index, bool compressed = false) =>
        path + "." + index.ToString(CultureInfo.InvariantCulture) + (compressed ? BackupFiles.GzipExtension : "");

    /// <summary>Reads the index of a backup suffix (the part after <c>app.log.</c>, without <c>.gz</c>).</summary>
    public static bool TryParse(string suffix, out int index) =>
        int.TryParse(suffix, NumberStyles.None, CultureInfo.InvariantCulture, out index) && index > 0 && suffix[0] != '0';
}
