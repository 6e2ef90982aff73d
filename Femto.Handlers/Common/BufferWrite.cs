namespace Femto.Handlers;

/// <summary>What <see cref="RecordBuffer.WriteTo"/> did: records written, dropped (to be counted as lost), and
/// still buffered, and the failure when there was one.</summary>
/// <param name="Written">Records that reached the sink whole in this write.</param>
/// <param name="Dropped">Records the failure lost (<see cref="SinkFailurePolicy.DropUnwritten"/>); the owner counts
/// them, for example with <see cref="FemtoHandler"/>'s <c>ReportLostRecords</c>.</param>
/// <param name="Kept">Records still buffered after a failure (to be retried, or a record cut in two).</param>
/// <param name="Error">The failure, or null when every buffered record was written.</param>
public readonly record struct BufferWrite(int Written, int Dropped, int Kept, Exception? Error)
{
    /// <summary>True when the write succeeded.</summary>
    public bool Ok => Error is null;
}
