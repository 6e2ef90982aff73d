namespace Femto;

/// <summary>One handler in a logger's dispatch list, with its rich interface resolved once.</summary>
internal readonly record struct HandlerEntry(IFemtoHandler Handler, IFemtoRecordHandler? RecordHandler);
