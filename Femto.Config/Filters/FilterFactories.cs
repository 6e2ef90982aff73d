using System.Collections.Concurrent;

namespace Femto.Config;

/// <summary>Filter factories registered in code by name, the only custom filters a dict/INI configuration may name
/// (<c>{"()": "name", …options}</c>): the file names a factory, never a type.</summary>
internal static class FilterFactories
{
    private static readonly ConcurrentDictionary<string, Func<IReadOnlyDictionary<string, object?>, IFemtoFilter>> s_factories = new(StringComparer.Ordinal);

    public static void Register(string name, Func<IReadOnlyDictionary<string, object?>, IFemtoFilter> factory) => s_factories[name] = factory;

    public static Func<IReadOnlyDictionary<string, object?>, IFemtoFilter>? Find(string name) =>
        s_factories.TryGetValue(name, out var factory) ? factory : null;
}
