namespace Femto;

/// <summary>Scoped key-values added to every record logged inside the scope, by any logger, on the caller's thread:
/// <c>using (FemtoContext.Push(("request_id", 42), ("user", "alice"))) { … }</c>. The scope flows with the execution
/// context (across <c>await</c>, <c>Task.Run</c>, thread-pool work), nested scopes override outer keys, and a call's
/// own key-values win over the context's. Disposing the scope restores what was in force before.</summary>
/// <remarks>
/// <para>Values are limited to scalars and strings and are captured when pushed, never evaluated later on a worker:
/// strings, null, booleans, characters, numbers, <see cref="decimal"/>, <see cref="DateTime"/>,
/// <see cref="DateTimeOffset"/>, <see cref="TimeSpan"/>, <see cref="DateOnly"/>, <see cref="TimeOnly"/>,
/// <see cref="Guid"/> and enums are kept as they are; any other value is converted to text by the push (invariant
/// culture).</para>
/// <para>A scope is in force from <see cref="Push"/> to its dispose. Work forked inside it (a task started and not
/// awaited) carries its key-values while the scope lasts, and not after it was disposed.</para>
/// <para>Cost: a push allocates its frame once (the merged key-values, shared by every record logged inside); a
/// logging call inside a context copies references into its pooled record and allocates nothing. While no context
/// or scope is in force anywhere and no <see cref="System.Diagnostics.Activity"/> has been used, a logging call
/// pays one static read for all of this.</para>
/// </remarks>
public static class FemtoContext
{
    private static readonly ArgSlot[] s_none = [];

    /// <summary>Adds <paramref name="values"/> to every record logged in this flow until the returned scope is
    /// disposed. A key given twice keeps its last value; a key already in force is overridden inside the scope.</summary>
    /// <exception cref="ArgumentException">A key is null or empty.</exception>
    public static FemtoContextScope Push(params ReadOnlySpan<(string Key, object? Value)> values)
    {
        if (values.IsEmpty) return default;
        var outer = AmbientFrame.Current;
        var inherited = outer?.Items ?? s_none;
        var merged = new ArgSlot[inherited.Length + values.Length];
        inherited.CopyTo(merged, 0);
        int count = inherited.Length;
        foreach (var (key, value) in values)
        {
            var slot = ContextValues.Prepare(key, value, nameof(values));
            int at = IndexOf(merged, count, key);
            if (at >= 0) merged[at] = slot;
            else merged[count++] = slot;
        }
        if (count < merged.Length) Array.Resize(ref merged, count);
        var frame = AmbientFrame.ForContext(outer, merged);
        return new FemtoContextScope(AmbientFrame.Enter(frame));
    }

    private static int IndexOf(ArgSlot[] slots, int count, string key)
    {
        for (int i = 0; i < count; i++)
            if (string.Equals(slots[i].Name, key, StringComparison.Ordinal)) return i;
        return -1;
    }

    /// <summary>The context key-values in force in this flow, outermost first (a copy; for diagnostics and bridges
    /// to other logging APIs).</summary>
    public static IReadOnlyList<KeyValuePair<string, object?>> Current
    {
        get
        {
            var items = AmbientFrame.Current?.Items ?? s_none;
            var list = new KeyValuePair<string, object?>[items.Length];
            for (int i = 0; i < items.Length; i++) list[i] = new(items[i].Name!, items[i].ToObject());
            return list;
        }
    }
}
