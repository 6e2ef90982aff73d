using System.Globalization;
using Femto.Handlers;

namespace Femto.Config;

/// <summary>CPython's <c>TimedRotatingFileHandler(filename, when='h', interval=1, backupCount=0, encoding=None,
/// delay=False, utc=False, atTime=None, errors=None)</c>, read and validated: <c>when</c> (S, M, H, D, MIDNIGHT,
/// W0–W6, any case), <c>interval</c> (≥ 1), <c>backup_count</c>/<c>backupCount</c> (≥ 0, 0 keeps all), <c>utc</c>,
/// <c>at_time</c>/<c>atTime</c> (<c>HH:mm[:ss]</c>), the file options without <c>mode</c> (CPython has none),
/// Femto's <c>compression</c> and <c>max_age</c>, and the common options. Options not given are left to the
/// builder's defaults (midnight, 1, 7: Femto's, not CPython's).</summary>
/// <remarks><see cref="Builder"/> sets only the values given; <c>AtTime</c> with S/M/H is left for <c>Build()</c>
/// to reject with <see cref="HandlerConfigException"/>.</remarks>
internal sealed record TimedRotatingFileOptions(FileOptions File, string? When, int? Interval, int? BackupCount, bool? Utc,
    TimeOnly? AtTime, bool Compression, TimeSpan? MaxAge, CommonOptions Common)
{
    public const string FemtoClass = "FemtoTimedRotatingFileHandler";

    public static HandlerParameters Parameters { get; } = new(
        ["filename", "when", "interval", "backup_count", "encoding", "delay", "utc", "at_time", "errors"],
        [.. FileOptions.Keywords(withMode: false), "when", "interval", "backup_count|backupCount", "utc", "at_time|atTime",
         "compression", "max_age", .. CommonOptions.Keywords]);

    public static TimedRotatingFileOptions Read(HandlerArguments a, HandlerContext c) => new(
        FileOptions.Read(a, c),
        ReadWhen(a),
        a.Int("interval"),
        a.Int("backup_count", min: 0),
        a.Bool("utc"),
        ReadAtTime(a),
        a.Bool("compression") ?? false,
        a.Duration("max_age"),
        CommonOptions.Read(a, c));

    private static string? ReadWhen(HandlerArguments a)
    {
        var when = a.String("when");
        if (when is null) return null;
        string w = when.Trim().ToUpperInvariant();
        bool ok = w is "S" or "M" or "H" or "D" or "MIDNIGHT" || (w.Length == 2 && w[0] == 'W' && w[1] is >= '0' and <= '6');
        return ok ? w : throw a.At("when").HandlerError($"when must be S, M, H, D, MIDNIGHT or W0-W6, found '{when}'.");
    }

    private static TimeOnly? ReadAtTime(HandlerArguments a)
    {
        if (!a.Has("at_time") || a.Raw("at_time") is null) return null;
        if (a.Raw("at_time") is TimeOnly t) return t;
        string text = a.String("at_time")!;
        return TimeOnly.TryParseExact(text.Trim(), ["HH:mm", "HH:mm:ss", "H:mm", "H:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw a.At("at_time").Error($"atTime must be a time of day HH:mm or HH:mm:ss, found '{text}'.");
    }

    /// <summary>The builder these options describe.</summary>
    public TimedRotatingFileHandlerBuilder Builder()
    {
        var b = new TimedRotatingFileHandlerBuilder(File.Path);
        if (When is { } when) b.WithWhen(when);
        if (Interval is { } interval) b.WithInterval(interval);
        if (BackupCount is { } count) b.WithBackupCount(count);
        if (Utc is { } utc) b.WithUtc(utc);
        if (AtTime is { } at) b.WithAtTime(at);
        if (Compression) b.WithCompression();
        if (MaxAge is { } age) b.WithMaxAge(age);
        return Common.ApplyTo(File.ApplyTo(b));
    }

    public string Signature => string.Create(CultureInfo.InvariantCulture,
        $"{File.Signature};when={When};interval={Interval};backups={BackupCount};utc={Utc};at={AtTime};gzip={Compression};max_age={MaxAge?.TotalSeconds}");

    public IEnumerable<KeyValuePair<string, string>> Details =>
    [
        .. File.Details,
        new("rotation", string.Create(CultureInfo.InvariantCulture, $"when {When ?? "MIDNIGHT"} every {Interval ?? 1}, keep {BackupCount ?? 7}{(Utc == true ? ", UTC" : "")}{(AtTime is { } at ? $" at {at:HH:mm:ss}" : "")}")),
    ];
}
