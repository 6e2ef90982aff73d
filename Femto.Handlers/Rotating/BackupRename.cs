using System.Runtime.InteropServices;

namespace Femto.Handlers;

/// <summary>Renames without ever replacing an existing file. <see cref="File.Move(string, string, bool)"/> checks
/// that the destination is free and then renames, so when two processes rotate one file at the same moment, one can
/// rename its (fresh, nearly empty) live file over the backup the other just made, and that backup's lines are
/// gone. On Linux the check and the rename are one step (<c>renameat2</c> with <c>RENAME_NOREPLACE</c>): the
/// second rename fails instead, and its handler keeps appending.</summary>
internal static partial class BackupRename
{
    private const int CurrentDirectory = -100; // AT_FDCWD
    private const uint NoReplace = 1;          // RENAME_NOREPLACE
    private const int Exists = 17, NotSupported = 22, NoSystemCall = 38, NotFound = 2; // EEXIST, EINVAL, ENOSYS, ENOENT

    private static volatile bool s_unavailable = !OperatingSystem.IsLinux();

    /// <summary>Renames <paramref name="source"/> to <paramref name="destination"/>, failing with an
    /// <see cref="IOException"/> if the destination exists (atomically on Linux).</summary>
    public static void Move(string source, string destination)
    {
        if (!s_unavailable)
        {
            try
            {
                if (RenameAt2(CurrentDirectory, source, CurrentDirectory, destination, NoReplace) == 0) return;
                int errno = Marshal.GetLastPInvokeError();
                switch (errno)
                {
                    case Exists: throw new IOException($"'{destination}' already exists.");
                    case NotFound: throw new FileNotFoundException($"'{source}' does not exist.", source);
                    case NotSupported or NoSystemCall: s_unavailable = true; break; // a file system without it
                    default: throw new IOException($"Renaming '{source}' to '{destination}' failed: {Marshal.GetPInvokeErrorMessage(errno)}");
                }
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                s_unavailable = true;
            }
        }
        File.Move(source, destination, overwrite: false);
    }

    [LibraryImport("libc", EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameAt2(int oldDirectory, string oldPath, int newDirectory, string newPath, uint flags);
}
