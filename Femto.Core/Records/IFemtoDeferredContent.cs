namespace Femto;

/// <summary>The message and named values of a record, captured by its producer without reading them and written
/// into the record later, on a Femto worker. For integrations that receive state they cannot read on the caller's
/// thread without allocating (the Microsoft.Extensions.Logging provider keeps a <c>LoggerMessage</c> state struct in
/// a pooled object of its own and reads it here). Pass one to
/// <see cref="FemtoLogger.LogDeferred(FemtoLevel, IFemtoDeferredContent, Exception?)"/>.</summary>
/// <remarks>From that call on Femto owns the object until it calls <see cref="Release"/>, exactly once: after
/// <see cref="Complete"/>, or without it when the record is filtered out or dropped. Whatever the object refers to is
/// read on the worker, so it must not change after the call (copy mutable state into the object).</remarks>
public interface IFemtoDeferredContent
{
    /// <summary>Writes the record's message and named values (a Femto worker thread, once, before any filter,
    /// formatter or handler sees the record). Should not throw: an exception is counted as an error of the queue that
    /// was draining the record, and the record is lost.</summary>
    void Complete(FemtoContentWriter record);

    /// <summary>The record no longer needs this object (any thread): a pooled object can go back to its pool.</summary>
    void Release();
}
