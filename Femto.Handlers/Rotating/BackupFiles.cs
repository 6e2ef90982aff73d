namespace Femto.Handlers;

/// <summary>Finds and deletes a rotating file's backups: only <c>&lt;base&gt;.&lt;suffix&gt;[.gz]</c> files whose
/// suffix the handler itself would write are ever counted or deleted.</summary>
internal static class BackupFiles
{
    /// <summary>Appended to compressed backups.</summary>
    public const string GzipExtension = ".gz";

    /// <summary>Appended to a backup while it is being compressed; renamed to <see cref="GzipExtension"/> once complete.</summary>
    public const string PartialExtension = ".gz.tmp";

    /// <summary>One backup: its suffix (without <c>.gz</c>) and the files holding it (plain and/or compressed).</summary>
    public readonly record struct Backup(string Suffix, string? PlainPath, string? GzipPath)
    {
        /// <summary>The file to read the backup's age from (the compressed one keeps the plain one's time).</summary>
        public string AnyPath => GzipPath ?? PlainPath!;
    }

    /// <summary>Backups of <paramref name="livePath"/> whose suffix <paramref name="isSuffix"/> accepts, plus stale
    /// partial compressions (<c>.gz.tmp</c>) left by a crash.</summary>
    public static (List<Backup> Backups, List<string> Partial) Find(string livePath, Func<string, bool> isSuffix)
    {
        var backups = new Dictionary<string, Backup>(StringComparer.Ordinal);
        var partial = new List<string>();
        string? dir = Path.GetDirectoryName(livePath);
        string prefix = Path.GetFileName(livePath) + ".";
        if (string.IsNullOrEmpty(dir) || !Directory.Exists(dir)) return ([], partial);
        foreach (string file in Directory.EnumerateFiles(dir, prefix + "*"))
        {
            string name = Path.GetFileName(file);
            if (!name.StartsWith(prefix, StringComparison.Ordinal)) continue;
            string rest = name[prefix.Length..];
            if (rest.EndsWith(PartialExtension, StringComparison.Ordinal))
            {
                if (isSuffix(rest[..^PartialExtension.Length])) partial.Add(file);
                continue;
            }
            bool gz = rest.EndsWith(GzipExtension, StringComparison.Ordinal);
            string suffix = gz ? rest[..^GzipExtension.Length] : rest;
            if (!isSuffix(suffix)) continue;
            backups.TryGetValue(suffix, out var b);
            backups[suffix] = gz ? b with { Suffix = suffix, GzipPath = file } : b with { Suffix = suffix, PlainPath = file };
        }
        return ([.. backups.Values], partial);
    }

    /// <summary>Deletes both forms of a backup.</summary>
    public static void Delete(Backup backup)
    {
        if (backup.PlainPath is { } plain) File.Delete(plain);
        if (backup.GzipPath is { } gz) File.Delete(gz);
    }

    /// <summary>True when something (a file or a directory) occupies <paramref name="path"/>.</summary>
    public static bool Occupied(string path) => File.Exists(path) || Directory.Exists(path);
}
