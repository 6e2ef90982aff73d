namespace Femto;

/// <summary>What a <see cref="RecordLane"/> drives: a logger's fan-out or a handler's sink. Every method runs on
/// whichever worker runs the lane, one at a time, never concurrently.</summary>
internal interface IRecordConsumer
{
    /// <summary>Handles one record. Returns true when it kept the record (handed it on to another queue), so the
    /// lane must not recycle it. Exceptions are caught, counted and reported by the lane.</summary>
    bool Consume(LogRecord record);

    /// <summary>Called after each batch of records (for example to write out buffered bytes).</summary>
    void EndBatch();

    /// <summary>Pushes everything buffered to the OS/sink. Returns false if that failed.</summary>
    bool Flush();

    /// <summary>True while something should happen once the queue has been idle for <see cref="IdleInterval"/>.</summary>
    bool HasIdleWork { get; }

    /// <summary>How long the queue must be idle before <see cref="OnIdle"/> runs.</summary>
    TimeSpan IdleInterval { get; }

    /// <summary>The queue has been idle for <see cref="IdleInterval"/>.</summary>
    void OnIdle();

    /// <summary>The lane has stopped: release resources.</summary>
    void OnStopped();
}
