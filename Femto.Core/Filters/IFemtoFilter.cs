namespace Femto;

/// <summary>Decides whether a record logged on a logger goes on to any handler. Attach with
/// <see cref="FemtoLogger.AddFilter"/>. As in Python's <c>logging</c>, a logger's filters see only the records logged
/// on that logger, not those propagated from its descendants.</summary>
/// <remarks>A filter that implements only this interface runs on the logger's worker thread, after the call has
/// returned: it must be thread-safe if shared. An exception it throws counts as a handler error
/// (<see cref="FemtoLogger.HandlerErrorCount"/>) and the record is not delivered. A filter whose answer depends only
/// on the logger and the level should implement <see cref="IFemtoLevelFilter"/> instead, which costs nothing per call.</remarks>
public interface IFemtoFilter
{
    /// <summary>True to deliver the record. The view is valid only during the call.</summary>
    bool Allows(in FemtoRecordView record);
}

/// <summary>A filter whose answer depends only on the logger's name and the record's level. The logger asks it once
/// per level whenever its configuration changes and folds the answers into <see cref="FemtoLogger.IsEnabled(FemtoLevel)"/>,
/// so a rejected call is as cheap as a disabled level (and <see cref="FemtoLogger.Log(FemtoLevel, string, string, int, string)"/>
/// returns null for it).</summary>
public interface IFemtoLevelFilter : IFemtoFilter
{
    /// <summary>True to deliver records of <paramref name="level"/> logged on the logger named <paramref name="logger"/>.
    /// Must always give the same answer for the same arguments.</summary>
    bool Allows(string logger, FemtoLevel level);

    /// <inheritdoc/>
    bool IFemtoFilter.Allows(in FemtoRecordView record) => Allows(record.Logger, record.Level);
}
