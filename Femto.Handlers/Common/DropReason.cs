namespace Femto.Handlers;

/// <summary>Why a network handler dropped a record (each counted separately; see
/// <see cref="FemtoSocketHandler.DroppedBy"/> and <see cref="FemtoHttpHandler.DroppedBy"/>).</summary>
public enum DropReason
{
    /// <summary>The handler's queue was full and the overflow policy dropped it.</summary>
    Overflow,
    /// <summary>Its encoded frame was larger than the configured maximum.</summary>
    Oversize,
    /// <summary>The peer stayed unreachable past the backoff deadline.</summary>
    Deadline,
    /// <summary>The handler closed before it could be delivered.</summary>
    Closed,
    /// <summary>The peer refused it for good (an HTTP status that is not retried, such as 400 or 401).</summary>
    Rejected,
}
