using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Femto.Handlers;

/// <summary>Makes a file handle append atomically. .NET's <see cref="FileMode.Append"/> seeks to the end once and
/// then writes at its own offset, so two processes appending to one file overwrite each other's lines. With
/// <c>O_APPEND</c> on the descriptor, Linux places every write at the current end of the file (even the
/// positioned writes FileStream issues), so each of the handler's writes — whole lines only — lands intact after
/// whatever another process wrote.</summary>
internal static partial class AppendMode
{
    private const int GetFlags = 3, SetFlags = 4, LinuxAppend = 0x400;

    /// <summary>Sets <c>O_APPEND</c> on Linux; elsewhere does nothing (the file is still appended to by this
    /// process correctly; only concurrent writers from other processes are not coordinated).</summary>
    /// <returns>True when the handle now appends atomically.</returns>
    public static bool TryEnable(SafeFileHandle handle)
    {
        if (!OperatingSystem.IsLinux()) return false;
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            int fd = (int)handle.DangerousGetHandle();
            int flags = Fcntl(fd, GetFlags, 0);
            return flags >= 0 && ((flags & LinuxAppend) != 0 || Fcntl(fd, SetFlags, flags | LinuxAppend) == 0);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, int argument);
}
