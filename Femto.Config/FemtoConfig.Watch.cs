namespace Femto.Config;

public static partial class FemtoConfig
{
    /// <summary>The debounce of <see cref="Watch"/>: 500 ms after the last change.</summary>
    public static readonly TimeSpan DefaultWatchDebounce = TimeSpan.FromMilliseconds(500);

    /// <summary>Applies a JSON or CPython INI configuration file now (see <see cref="LoadFile(string, IReadOnlyDictionary{string, string}?)"/>),
    /// then again each time it changes, once changes have settled for <paramref name="debounce"/>. A change that does
    /// not load or apply is reported and the configuration in force keeps running.</summary>
    /// <param name="path">The file.</param>
    /// <param name="defaults">INI <c>%(name)s</c> values (see <see cref="FileConfig"/>).</param>
    /// <param name="debounce">Quiet time before a change is applied (default 500 ms).</param>
    /// <param name="timeProvider">The clock of the debounce (default <see cref="TimeProvider.System"/>).</param>
    /// <returns>The watcher; dispose it to stop watching.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="FemtoConfigException">The file cannot be applied now; nothing changes and nothing is watched.</exception>
    public static ConfigWatcher Watch(string path, IReadOnlyDictionary<string, string>? defaults = null, TimeSpan? debounce = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (debounce is { } d && d < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(debounce), d, "The debounce must not be negative.");
        if (!File.Exists(path)) throw new FileNotFoundException($"Configuration file not found: {path}", path);
        return new ConfigWatcher(path, defaults, debounce ?? DefaultWatchDebounce, timeProvider ?? TimeProvider.System);
    }
}
