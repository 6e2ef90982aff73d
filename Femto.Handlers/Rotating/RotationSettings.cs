using System.IO.Compression;

namespace Femto.Handlers;

/// <summary>What size and timed rotation share: compression and age-based retention of backups.</summary>
public abstract record RotationSettings
{
    /// <summary>Gzip closed backups on the handler's worker (<c>app.log.1.gz</c>). <remarks>Default: false.</remarks></summary>
    public bool Compress { get; init; }

    /// <summary>How hard to compress. <remarks>Default: <see cref="CompressionLevel.Fastest"/>.</remarks></summary>
    public CompressionLevel CompressionLevel { get; init; } = CompressionLevel.Fastest;

    /// <summary>Backups older than this are deleted at each rotation (age on the handler's clock, from the period
    /// start in a timed backup's name, or a size backup's last write). <remarks>Default: null (no age limit).</remarks></summary>
    public TimeSpan? MaxAge { get; init; }

    /// <summary>Throws when a value is out of range (naming it) or the combination cannot work.</summary>
    public virtual void Validate()
    {
        if (MaxAge is { } age && age <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException("maxAge", age, "maxAge must be positive.");
        if (!Enum.IsDefined(CompressionLevel))
            throw new ArgumentOutOfRangeException("compressionLevel", CompressionLevel, "Unknown compression level.");
    }
}
