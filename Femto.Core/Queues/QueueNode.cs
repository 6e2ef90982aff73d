namespace Femto;

/// <summary>A link in an intrusive <see cref="RecordQueue"/>: records carry their own link, so enqueueing allocates
/// nothing and a queue holds no array of slots.</summary>
internal class QueueNode
{
    /// <summary>The next node towards the tail; written once by the producer that linked the successor.</summary>
    public QueueNode? Next;
}
