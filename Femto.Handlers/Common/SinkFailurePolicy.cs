namespace Femto.Handlers;

/// <summary>What a <see cref="RecordBuffer"/> does with records a failed write did not deliver.</summary>
public enum SinkFailurePolicy
{
    /// <summary>Files: records that did not reach the sink are dropped and counted, and the handler carries on with
    /// the next ones. A record the failed write cut in two is kept, so the next write completes its line instead of
    /// gluing a torn tail to the next record.</summary>
    DropUnwritten,

    /// <summary>Network sinks: every record not wholly written stays buffered, in order, for the owner to retry
    /// (after <see cref="RecordBuffer.ResendHead"/> when the retry goes to a fresh connection) or to give up on with
    /// <see cref="RecordBuffer.DropAll"/>. The owner bounds the buffer.</summary>
    KeepUnwritten,
}
