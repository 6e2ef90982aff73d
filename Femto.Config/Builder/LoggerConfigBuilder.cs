using Femto.Handlers;

namespace Femto.Config;

/// <summary>One logger's part of a configuration: level, handler ids, filter ids, propagation.
/// <c>new LoggerConfigBuilder().WithLevel("INFO").WithHandlers("audit").WithPropagate(false)</c>.</summary>
/// <remarks>Applying a configuration replaces a named logger's handlers and filters with the ones listed here
/// (none if none are listed), sets <c>Propagate</c> to the value given (default true), and sets the level only
/// when one is given here or as the configuration's default level — as Python's <c>dictConfig</c> does.</remarks>
public sealed class LoggerConfigBuilder
{
    private readonly List<string> _handlers = [];
    private readonly List<string> _filters = [];

    /// <summary>True when a level was given (<see cref="Level"/> null then means NOTSET).</summary>
    public bool HasLevel { get; private set; }

    /// <summary>The level given, or null for NOTSET (inherit on a named logger, everything on the root).</summary>
    public FemtoLevel? Level { get; private set; }

    /// <summary>The handler ids, in order.</summary>
    public IReadOnlyList<string> HandlerIds => _handlers;

    /// <summary>The filter ids, in the order they apply.</summary>
    public IReadOnlyList<string> FilterIds => _filters;

    /// <summary>Whether records go on to the ancestors' handlers; null when not given (true for named loggers).</summary>
    public bool? Propagate { get; private set; }

    /// <summary>The logger queue's overflow policy; null leaves the logger's policy as it is.</summary>
    public OverflowPolicy? OverflowPolicy { get; private set; }

    /// <summary>The logger's level.</summary>
    public LoggerConfigBuilder WithLevel(FemtoLevel level)
    {
        if (!Enum.IsDefined(level)) throw new ArgumentOutOfRangeException(nameof(level), level, "Undefined level.");
        HasLevel = true;
        Level = level;
        return this;
    }

    /// <summary>The logger's level by name; <c>NOTSET</c> unsets it (the root then lets everything through).</summary>
    /// <exception cref="ArgumentException">Unknown level name.</exception>
    public LoggerConfigBuilder WithLevel(string level)
    {
        ArgumentNullException.ThrowIfNull(level);
        if (level.Trim().Equals("NOTSET", StringComparison.OrdinalIgnoreCase))
        {
            HasLevel = true;
            Level = null;
            return this;
        }
        return WithLevel(FemtoLevels.Parse(level));
    }

    /// <summary>A level, or NOTSET when null (configuration readers).</summary>
    internal LoggerConfigBuilder WithLevelOrNotSet(FemtoLevel? level)
    {
        if (level is { } l) return WithLevel(l);
        HasLevel = true;
        Level = null;
        return this;
    }

    /// <summary>The handlers, by the ids given to <see cref="ConfigBuilder.WithHandler(string, FileHandlerBuilder)"/>.</summary>
    public LoggerConfigBuilder WithHandlers(params string[] ids) => WithHandlers((IEnumerable<string>)ids);

    /// <inheritdoc cref="WithHandlers(string[])"/>
    public LoggerConfigBuilder WithHandlers(IEnumerable<string> ids) => Replace(_handlers, ids, nameof(ids));

    /// <summary>The filters, by the ids given to <see cref="ConfigBuilder.WithFilter(string, IFilterBuilder)"/>;
    /// they apply in this order.</summary>
    public LoggerConfigBuilder WithFilters(params string[] ids) => WithFilters((IEnumerable<string>)ids);

    /// <inheritdoc cref="WithFilters(string[])"/>
    public LoggerConfigBuilder WithFilters(IEnumerable<string> ids) => Replace(_filters, ids, nameof(ids));

    /// <summary>Whether records go on to the ancestors' handlers.</summary>
    public LoggerConfigBuilder WithPropagate(bool propagate)
    {
        Propagate = propagate;
        return this;
    }

    /// <summary>What logging calls do when this logger's queue is full.</summary>
    public LoggerConfigBuilder WithOverflowPolicy(OverflowPolicy policy)
    {
        OverflowPolicy = policy ?? throw new ArgumentNullException(nameof(policy));
        return this;
    }

    /// <summary>The overflow policy as text: <c>drop</c>, <c>block</c> or <c>timeout:N</c>.</summary>
    public LoggerConfigBuilder WithOverflowPolicy(string policy) => WithOverflowPolicy(Femto.OverflowPolicy.Parse(policy, nameof(policy)));

    private LoggerConfigBuilder Replace(List<string> list, IEnumerable<string> ids, string paramName)
    {
        ArgumentNullException.ThrowIfNull(ids, paramName);
        var copy = ids.ToList();
        if (copy.Any(id => id is null)) throw new ArgumentException("Ids must not be null.", paramName);
        list.Clear();
        list.AddRange(copy);
        return this;
    }
}
