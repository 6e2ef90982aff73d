namespace Femto;

/// <summary>One handler in a logger's dispatch list, with its kind resolved once: a built-in queued handler
/// (called directly), a record handler, or a plain <see cref="IFemtoHandler"/>. <see cref="TakesRecord"/> marks the
/// last queued handler of the list: the logger's worker hands it the record itself (no copy), after all the others.</summary>
internal readonly record struct HandlerEntry(IFemtoHandler Handler, IFemtoRecordHandler? RecordHandler, FemtoHandler? Queued, bool TakesRecord)
{
    /// <summary>The dispatch list for <paramref name="handlers"/>, in order, with the hand-over marked.</summary>
    public static HandlerEntry[] ListFor(IReadOnlyList<IFemtoHandler> handlers)
    {
        var list = new HandlerEntry[handlers.Count];
        int handOver = -1;
        for (int i = 0; i < list.Length; i++)
        {
            var h = handlers[i];
            list[i] = new HandlerEntry(h, h as IFemtoRecordHandler, h as FemtoHandler, false);
            if (list[i].Queued is not null) handOver = i;
        }
        if (handOver >= 0) list[handOver] = list[handOver] with { TakesRecord = true };
        return list;
    }
}
