using System.IO.Compression;

namespace Femto.Handlers;

/// <summary>Options both rotating builders have on top of the file options: compression and age-based retention.</summary>
/// <typeparam name="TSelf">The concrete builder, so chained calls keep their type.</typeparam>
public abstract class RotatingFileHandlerBuilderBase<TSelf> : FileHandlerBuilderBase<TSelf> where TSelf : RotatingFileHandlerBuilderBase<TSelf>
{
    /// <summary>A builder for a handler writing to <paramref name="path"/>.</summary>
    protected RotatingFileHandlerBuilderBase(string path)
        : base(path)
    {
    }

    /// <summary>Whether closed backups are gzipped (default false).</summary>
    public bool Compression { get; private set; }

    /// <summary>The gzip level (default <see cref="System.IO.Compression.CompressionLevel.Fastest"/>).</summary>
    public CompressionLevel CompressionLevel { get; private set; } = CompressionLevel.Fastest;

    /// <summary>Backups older than this are deleted at each rotation (default: no age limit).</summary>
    public TimeSpan? MaxAge { get; private set; }

    /// <summary>Gzips each closed backup on the handler's worker (<c>app.log.1.gz</c>), never on a caller's thread.</summary>
    public TSelf WithCompression() => WithCompression(CompressionLevel.Fastest);

    /// <summary>Gzips each closed backup at <paramref name="level"/>.</summary>
    public TSelf WithCompression(CompressionLevel level)
    {
        if (!Enum.IsDefined(level)) throw new ArgumentOutOfRangeException(nameof(level), level, "Unknown compression level.");
        Compression = true;
        CompressionLevel = level;
        return (TSelf)this;
    }

    /// <summary>Deletes backups older than <paramref name="maxAge"/> at each rotation, measured on the handler's clock.</summary>
    public TSelf WithMaxAge(TimeSpan maxAge)
    {
        if (maxAge <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(maxAge), maxAge, "maxAge must be positive.");
        MaxAge = maxAge;
        return (TSelf)this;
    }

    /// <summary>Adds the compression and retention options to <paramref name="rotation"/>.</summary>
    protected T WithRetention<T>(T rotation) where T : RotationSettings =>
        rotation with { Compress = Compression, CompressionLevel = CompressionLevel, MaxAge = MaxAge };
}
