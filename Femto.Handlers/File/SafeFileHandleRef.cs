namespace Femto.Handlers;

/// <summary>Tells whether a path still names the file a handle has open. On Linux it compares
/// <c>/proc/self/fd/N</c> (where the open file is now: another path after a rename, or <c>… (deleted)</c>) with where
/// it was when opened, so symbolic links in the path cause no false alarms; elsewhere it only notices a deleted path.</summary>
internal readonly struct SafeFileHandleRef
{
    private readonly string? _fdLink;
    private readonly string? _openedAs;

    private SafeFileHandleRef(string? fdLink, string? openedAs)
    {
        _fdLink = fdLink;
        _openedAs = openedAs;
    }

    public static SafeFileHandleRef Of(FileStream file)
    {
        if (!OperatingSystem.IsLinux()) return default;
        string link = "/proc/self/fd/" + file.SafeFileHandle.DangerousGetHandle().ToInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new SafeFileHandleRef(link, Target(link));
    }

    /// <summary>False when the open file is evidently no longer at <paramref name="path"/>.</summary>
    public bool StillAt(string path)
    {
        try
        {
            if (_fdLink is null || _openedAs is null) return File.Exists(path);
            return Target(_fdLink) is not { } now || now == _openedAs;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return true; // cannot tell: do not reopen on a guess
        }
    }

    private static string? Target(string link)
    {
        try { return new FileInfo(link).LinkTarget; }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return null; }
    }
}
