namespace Femto;

/// <summary>One handler in a logger's dispatch list, with its kind resolved once: a built-in queued handler
/// (called directly), a record handler, or a plain <see cref="IFemtoHandler"/>.</summary>
internal readonly record struct HandlerEntry(IFemtoHandler Handler, IFemtoRecordHandler? RecordHandler, FemtoHandler? Queued)
{
    public static HandlerEntry For(IFemtoHandler handler) => new(handler, handler as IFemtoRecordHandler, handler as FemtoHandler);
}
