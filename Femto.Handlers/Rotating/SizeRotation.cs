namespace Femto.Handlers;

/// <summary>Size rotation of a <see cref="FemtoRotatingFileHandler"/>: before a write would take the live file past
/// <see cref="MaxBytes"/>, it becomes <c>app.log.1</c>, older backups shift up to <see cref="BackupCount"/>, the
/// oldest is deleted, and a fresh live file starts. <c>(0, 0)</c> disables rotation.</summary>
public sealed record SizeRotation : RotationSettings
{
    /// <summary>Largest size of the live file in bytes (a single larger record is written alone).
    /// <remarks>Default: 0 (no rotation).</remarks></summary>
    public long MaxBytes { get; init; }

    /// <summary>Backups kept (<c>app.log.1</c> … <c>app.log.N</c>). <remarks>Default: 0 (no rotation).</remarks></summary>
    public int BackupCount { get; init; }

    /// <summary>True when rotation is on (both values positive).</summary>
    public bool Enabled => MaxBytes > 0 && BackupCount > 0;

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException">A value is negative (named).</exception>
    /// <exception cref="HandlerConfigException">Only one of the two is set.</exception>
    public override void Validate()
    {
        base.Validate();
        if (MaxBytes < 0) throw new ArgumentOutOfRangeException("maxBytes", MaxBytes, "maxBytes must be positive (or 0 with backupCount 0 to disable rotation).");
        if (BackupCount < 0) throw new ArgumentOutOfRangeException("backupCount", BackupCount, "backupCount must be positive (or 0 with maxBytes 0 to disable rotation).");
        if ((MaxBytes > 0) != (BackupCount > 0))
            throw new HandlerConfigException(
                $"Size rotation needs both maxBytes and backupCount (got maxBytes {MaxBytes}, backupCount {BackupCount}); (0, 0) disables rotation.");
    }
}
