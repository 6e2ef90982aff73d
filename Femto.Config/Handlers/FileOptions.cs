using System.Globalization;
using Femto.Handlers;

namespace Femto.Config;

/// <summary>The options of every file-based handler (file, rotating, timed rotating): the path (CPython's
/// <c>filename</c>), <c>mode</c> (<c>'a'</c> appends, <c>'w'</c> empties the file when the configuration is
/// applied), <c>encoding</c> (UTF-8 only), CPython's <c>delay</c> (false only) and <c>errors</c> (None only), and
/// Femto's <c>flush_interval</c> (records) and <c>idle_flush_interval_ms</c>.</summary>
internal sealed record FileOptions(string Path, bool Truncate, int? FlushInterval, TimeSpan? IdleFlushInterval)
{
    /// <summary>The keywords of these options; <paramref name="withMode"/> false for classes without <c>mode</c>.</summary>
    public static string[] Keywords(bool withMode) =>
    [
        "filename|path", .. withMode ? new[] { "mode" } : [], "encoding", "delay", "errors", "flush_interval", "idle_flush_interval_ms",
    ];

    public static FileOptions Read(HandlerArguments a, HandlerContext c)
    {
        a.Require("filename", c.Where);
        string path = a.Text("filename")!;
        string fullPath;
        try { fullPath = System.IO.Path.GetFullPath(path); }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw a.At("filename").HandlerError($"invalid path '{path}': {ex.Message}", ex);
        }
        bool truncate = a.String("mode") switch
        {
            null or "a" => false,
            "w" => true,
            var other => throw a.At("mode").Error($"mode must be 'a' (append) or 'w' (empty the file when applied), found '{other}'."),
        };
        CheckEncoding(a);
        a.OnlyDefault("delay", false, "Femto opens the file when the configuration is applied.");
        a.OnlyDefault("errors", null, "Femto writes UTF-8 and replaces invalid text.");
        return new FileOptions(fullPath, truncate, a.Int("flush_interval"), a.Milliseconds("idle_flush_interval_ms"));
    }

    private static void CheckEncoding(HandlerArguments a)
    {
        if (!a.Has("encoding") || a.Raw("encoding") is null) return;
        string encoding = a.String("encoding")!;
        string normal = encoding.Trim().ToLowerInvariant().Replace('_', '-');
        if (normal is not ("utf-8" or "utf8" or "u8" or "utf" or "cp65001"))
            throw a.At("encoding").Error($"encoding '{encoding}' is not supported: Femto writes UTF-8 (use 'utf-8' or omit it).");
    }

    /// <summary>Sets the file options on any file-like builder (file, rotating, timed rotating).</summary>
    public TBuilder ApplyTo<TBuilder>(TBuilder builder) where TBuilder : TextSinkHandlerBuilder<TBuilder>
    {
        if (FlushInterval is { } records) builder.WithFlushInterval(records);
        if (IdleFlushInterval is { } idle) builder.WithIdleFlushInterval(idle);
        return builder;
    }

    public string Signature => string.Create(CultureInfo.InvariantCulture, $"flush={FlushInterval};idle={IdleFlushInterval?.TotalMilliseconds}");

    public IEnumerable<KeyValuePair<string, string>> Details =>
        FlushInterval is { } n ? [new("flush interval", n.ToString(CultureInfo.InvariantCulture) + " records")] : [];
}
