namespace Femto;

/// <summary>A sink for log records. Attach any implementation with <see cref="FemtoLogger.AddHandler"/>; it runs on
/// the logger's worker thread, so it must be thread-safe if shared and should be fast. Exceptions it throws are
/// counted in <see cref="FemtoLogger.HandlerErrorCount"/> and reported; they never stop the worker.</summary>
public interface IFemtoHandler
{
    /// <summary>Handles one record given as logger name, level and rendered message.</summary>
    void Handle(string logger, FemtoLevel level, string message);
}

/// <summary>A handler that receives the whole record (timestamp, thread, caller, structured values, exception)
/// instead of three strings. When a handler implements this, loggers call only this method.</summary>
public interface IFemtoRecordHandler : IFemtoHandler
{
    /// <summary>Handles one record. The view is valid only during the call.</summary>
    void Handle(in FemtoRecordView record);
}

/// <summary>A handler that buffers and can be flushed; <see cref="FemtoLogging.Flush(TimeSpan)"/> flushes these.</summary>
public interface IFemtoFlushable
{
    /// <summary>Waits until everything handed to the handler before the call has reached its sink.</summary>
    /// <returns>True on success; false on timeout, failure or when closed.</returns>
    bool Flush(TimeSpan timeout);
}
