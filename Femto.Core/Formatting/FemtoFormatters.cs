namespace Femto;

/// <summary>The built-in formatters.</summary>
public static class FemtoFormatters
{
    /// <summary><c>{logger} [{LEVEL}] {message}</c> — the seed's default line.</summary>
    public static IFemtoFormatter Default { get; } = new TextFormatter(includeTimestamp: false, includeLogger: true);

    /// <summary><c>yyyy-MM-dd HH:mm:ss.fff [{LEVEL}] {message}</c> (UTC) — the line most loggers write by default,
    /// used for like-for-like benchmarks.</summary>
    public static IFemtoFormatter Timestamped { get; } = new TextFormatter(includeTimestamp: true, includeLogger: false);

    /// <summary><c>yyyy-MM-dd HH:mm:ss.fff {logger} [{LEVEL}] {message}</c> (UTC).</summary>
    public static IFemtoFormatter TimestampedWithLogger { get; } = new TextFormatter(includeTimestamp: true, includeLogger: true);

    /// <summary>One JSON object per line; see <see cref="JsonFormatter"/>.</summary>
    public static IFemtoFormatter Json { get; } = new JsonFormatter();

    /// <summary>Wraps a function as a formatter.</summary>
    public static IFemtoFormatter FromFunc(Func<FemtoRecordView, string> format) => new DelegateFormatter(format);

    /// <summary>Resolves a formatter id: <c>default</c>, <c>timestamped</c>, <c>timestamped_logger</c> or <c>json</c>
    /// (case-insensitive).</summary>
    /// <exception cref="ArgumentException">Unknown id.</exception>
    public static IFemtoFormatter FromId(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return id.Trim().ToLowerInvariant() switch
        {
            "default" => Default,
            "timestamped" => Timestamped,
            "timestamped_logger" => TimestampedWithLogger,
            "json" => Json,
            _ => throw new ArgumentException($"Unknown formatter id '{id}'. Known: default, timestamped, timestamped_logger, json.", nameof(id)),
        };
    }
}
