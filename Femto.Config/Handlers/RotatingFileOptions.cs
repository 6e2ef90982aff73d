using System.Globalization;
using Femto.Handlers;

namespace Femto.Config;

/// <summary>CPython's <c>RotatingFileHandler(filename, mode='a', maxBytes=0, backupCount=0, encoding=None,
/// delay=False, errors=None)</c>, read and validated: the file options, <c>max_bytes</c>/<c>maxBytes</c> and
/// <c>backup_count</c>/<c>backupCount</c> (both 0, the default, disable rotation), Femto's <c>compression</c>
/// (bool) and <c>max_age</c> (seconds or <c>d.hh:mm:ss</c>), and the common options.</summary>
/// <remarks><see cref="Builder"/> calls <c>WithMaxBytes</c>/<c>WithBackupCount</c> only with values above 0 (one
/// without the other is left for <c>Build()</c> to reject, as the spec requires).</remarks>
internal sealed record RotatingFileOptions(FileOptions File, long MaxBytes, int BackupCount, bool Compression, TimeSpan? MaxAge, CommonOptions Common)
{
    public const string FemtoClass = "FemtoRotatingFileHandler";

    public static HandlerParameters Parameters { get; } = new(
        ["filename", "mode", "max_bytes", "backup_count", "encoding", "delay", "errors"],
        [.. FileOptions.Keywords(withMode: true), "max_bytes|maxBytes", "backup_count|backupCount", "compression", "max_age", .. CommonOptions.Keywords]);

    public static RotatingFileOptions Read(HandlerArguments a, HandlerContext c) => new(
        FileOptions.Read(a, c),
        a.Long("max_bytes", 0) ?? 0,
        a.Int("backup_count", min: 0) ?? 0,
        a.Bool("compression") ?? false,
        a.Duration("max_age"),
        CommonOptions.Read(a, c));

    /// <summary>The builder these options describe.</summary>
    public RotatingFileHandlerBuilder Builder()
    {
        var b = new RotatingFileHandlerBuilder(File.Path);
        if (MaxBytes > 0) b.WithMaxBytes(MaxBytes);
        if (BackupCount > 0) b.WithBackupCount(BackupCount);
        if (Compression) b.WithCompression();
        if (MaxAge is { } age) b.WithMaxAge(age);
        return Common.ApplyTo(File.ApplyTo(b));
    }

    public string Signature => string.Create(CultureInfo.InvariantCulture,
        $"{File.Signature};max_bytes={MaxBytes};backups={BackupCount};gzip={Compression};max_age={MaxAge?.TotalSeconds}");

    public IEnumerable<KeyValuePair<string, string>> Details =>
    [
        .. File.Details,
        new("rotation", MaxBytes == 0 && BackupCount == 0 ? "off" : string.Create(CultureInfo.InvariantCulture, $"{MaxBytes} bytes x {BackupCount} backups")),
        .. Compression ? new KeyValuePair<string, string>[] { new("compression", "gzip") } : [],
    ];
}
