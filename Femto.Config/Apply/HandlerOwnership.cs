using System.Runtime.CompilerServices;

namespace Femto.Config;

/// <summary>The handlers configurations built, with the id and signature each was built from: a later configuration
/// with an equal definition keeps the running handler, and handlers of your own that a configuration built are
/// disposed once replaced, and a replaced handler forwards late records to the handler that took over its id. Weak: forgetting a handler needs nothing from here.</summary>
internal static class HandlerOwnership
{
    private sealed class Entry(string? signature, string id)
    {
        public string? Signature { get; } = signature;
        public string Id { get; } = id;
    }

    private static readonly ConditionalWeakTable<IFemtoHandler, Entry> s_built = new();

    public static void Register(IFemtoHandler handler, string? signature, string id) => s_built.AddOrUpdate(handler, new Entry(signature, id));

    public static bool IsOwned(IFemtoHandler handler) => s_built.TryGetValue(handler, out _);

    public static string? SignatureOf(IFemtoHandler handler) => s_built.TryGetValue(handler, out var e) ? e.Signature : null;

    /// <summary>The id the handler had in the configuration that built (or last kept) it.</summary>
    public static string? IdOf(IFemtoHandler handler) => s_built.TryGetValue(handler, out var e) ? e.Id : null;
}
