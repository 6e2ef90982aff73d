namespace Femto;

/// <summary>What a <see cref="RecordPump"/> worker drives: a logger's fan-out or a handler's sink.
/// Every method runs on the pump's worker thread only.</summary>
internal interface IRecordConsumer
{
    /// <summary>Handles one record. A consumer that hands the record on to another queue replaces
    /// <paramref name="record"/> with the (released) record it got in exchange, possibly null.
    /// Exceptions are caught, counted and reported by the pump.</summary>
    void Consume(ref LogRecord? record);

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

    /// <summary>The worker is exiting: release resources.</summary>
    void OnStopped();
}
