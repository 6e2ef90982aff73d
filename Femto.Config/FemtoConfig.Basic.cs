using Femto.Handlers;

namespace Femto.Config;

/// <summary>One-call configurations, shaped like Python's <c>logging.basicConfig</c>.</summary>
public static partial class FemtoConfig
{
    /// <summary>Configures the root logger: a level, and one handler (a file, a stream) or a list of handlers.
    /// Does nothing to the handlers if the root already has some, unless <paramref name="force"/> is true, which
    /// closes and removes them first. The level is applied either way.</summary>
    /// <param name="level">Root level (a <see cref="FemtoLevel"/> name such as <c>"INFO"</c>); null leaves it.</param>
    /// <param name="filename">Append to this file (directories are created).</param>
    /// <param name="stream">Write to this writer: <see cref="Console.Out"/>/<see cref="Console.Error"/> use the
    /// stdout/stderr handlers; any other writer is written to as it is.</param>
    /// <param name="force">Replace the root's existing handlers.</param>
    /// <param name="handlers">Attach these handlers.</param>
    /// <exception cref="ArgumentException">More than one of <paramref name="filename"/>, <paramref name="stream"/>
    /// and <paramref name="handlers"/> is given, or the level is unknown.</exception>
    public static void BasicConfig(string? level = null, string? filename = null, TextWriter? stream = null,
        bool force = false, IEnumerable<IFemtoHandler>? handlers = null)
    {
        var parsedLevel = level is null ? (FemtoLevel?)null : FemtoLevels.Parse(level, nameof(level));
        BasicConfig(parsedLevel, filename, stream, force, handlers);
    }

    /// <inheritdoc cref="BasicConfig(string?, string?, TextWriter?, bool, IEnumerable{IFemtoHandler}?)"/>
    public static void BasicConfig(FemtoLevel? level, string? filename = null, TextWriter? stream = null,
        bool force = false, IEnumerable<IFemtoHandler>? handlers = null)
    {
        var handlerList = handlers?.ToList();
        int sources = (filename is null ? 0 : 1) + (stream is null ? 0 : 1) + (handlerList is null ? 0 : 1);
        if (sources > 1)
            throw new ArgumentException("BasicConfig takes at most one of 'filename', 'stream' and 'handlers'.");
        if (handlerList is not null && handlerList.Any(h => h is null))
            throw new ArgumentException("'handlers' must not contain null.", nameof(handlers));
        if (level is { } l && !Enum.IsDefined(l)) throw new ArgumentOutOfRangeException(nameof(level), l, "Undefined level.");

        var root = FemtoLogging.GetLogger();
        if (root.Handlers.Count > 0 && !force)
        {
            if (level is not null) root.Level = level;
            return;
        }
        // Build the new handler before touching the old ones, so a bad path changes nothing.
        var fresh = handlerList
            ?? [filename is not null ? new FileHandlerBuilder(filename).Build() : StreamHandlerBuilder.ForWriter(stream ?? Console.Error).Build()];
        var replaced = root.Handlers.OfType<FemtoHandler>().Where(h => !fresh.Contains(h)).ToList();
        // One step: a record logged meanwhile reaches the old handlers or the new ones, never none.
        FemtoLogging.Batch(() =>
        {
            root.ClearHandlers();
            foreach (var h in fresh) root.AddHandler(h);
            if (level is not null) root.Level = level;
        });
        if (replaced.Count == 0) return;
        // Records queued before the switch still name the old handlers: let them arrive, then close.
        FemtoLogging.Flush(TimeSpan.FromSeconds(5));
        foreach (var old in replaced) old.Close();
    }
}
