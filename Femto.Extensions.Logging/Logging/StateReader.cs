using System.Reflection;

namespace Femto.Extensions.Logging;

/// <summary>Reads a state's named values without boxing the state: for a <typeparamref name="TState"/> that is an
/// <c>IReadOnlyList&lt;KeyValuePair&lt;string, object?&gt;&gt;</c> (every <c>LoggerMessage</c> state, a struct) a
/// delegate over a constrained generic method is made once per type, so the worker calls the list's members on the
/// struct in place; other states go through <see cref="KeyValueMerge.AddState{TState}"/>'s type tests.</summary>
internal static class StateReader<TState>
{
    private static readonly Action<TState, KeyValueMerge>? s_list = CreateListReader();

    /// <summary>Adds the state's values; false when it has none (not key-values).</summary>
    public static bool Read(TState state, KeyValueMerge values)
    {
        if (s_list is { } read)
        {
            read(state, values);
            return true;
        }
        return values.AddState(state);
    }

    private static Action<TState, KeyValueMerge>? CreateListReader()
    {
        if (!typeof(TState).IsValueType || !typeof(IReadOnlyList<KeyValuePair<string, object?>>).IsAssignableFrom(typeof(TState))) return null;
        var method = typeof(StateReader<TState>).GetMethod(nameof(ReadList), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(typeof(TState));
        return method.CreateDelegate<Action<TState, KeyValueMerge>>();
    }

    private static void ReadList<TList>(TList list, KeyValueMerge values) where TList : IReadOnlyList<KeyValuePair<string, object?>>
    {
        int count = list.Count;
        for (int i = 0; i < count; i++)
        {
            var kv = list[i];
            values.Add(kv.Key, kv.Value);
        }
    }
}
