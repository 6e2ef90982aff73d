using System.Runtime.CompilerServices;

namespace Femto.Config;

/// <summary>The handlers configurations built, with the signature each was built from: a later configuration
/// with an equal definition keeps the running handler, and handlers of your own that a configuration built are
/// disposed once replaced. Weak: forgetting a handler needs nothing from here.</summary>
internal static class HandlerOwnership
{
    private sealed class Entry(string? signature)
    {
        public string? Signature { get; } = signature;
    }

    private static readonly ConditionalWeakTable<IFemtoHandler, Entry> s_built = new();

    public static void Register(IFemtoHandler handler, string? signature) => s_built.AddOrUpdate(handler, new Entry(signature));

    public static bool IsOwned(IFemtoHandler handler) => s_built.TryGetValue(handler, out _);

    public static string? SignatureOf(IFemtoHandler handler) => s_built.TryGetValue(handler, out var e) ? e.Signature : null;
}
