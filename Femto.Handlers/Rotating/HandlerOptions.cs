namespace Femto.Handlers;

/// <summary>Options of <see cref="FemtoRotatingFileHandler(string, HandlerOptions)"/>, shaped like femtologging's
/// <c>HandlerOptions</c>: <c>new HandlerOptions { Capacity = 4096, Rotation = (10 * 1024 * 1024, 5) }</c>.
/// <see cref="RotatingFileHandlerBuilder"/> offers every option.</summary>
public sealed class HandlerOptions
{
    /// <summary>Queue capacity in records. <remarks>Default: 1024.</remarks></summary>
    public int Capacity { get; set; } = HandlerSettings.DefaultCapacity;

    /// <summary>Buffered output reaches the OS at least every this many records. <remarks>Default: 1.</remarks></summary>
    public int FlushInterval { get; set; } = 1;

    /// <summary>Overflow policy text: <c>drop</c>, <c>block</c> or <c>timeout:N</c> (ms). <remarks>Default: <c>drop</c>.</remarks></summary>
    public string Policy { get; set; } = "drop";

    /// <summary>Rotate before the live file would pass <c>MaxBytes</c>, keeping <c>BackupCount</c> backups; both
    /// positive, or <c>(0, 0)</c> to disable rotation. <remarks>Default: (0, 0).</remarks></summary>
    public (long MaxBytes, int BackupCount) Rotation { get; set; }
}
