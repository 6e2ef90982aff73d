namespace Femto.Handlers;

/// <summary>Options shared by every handler builder, built-in or third-party. Setters validate at once, naming the
/// bad parameter; combinations are checked by <c>Build()</c>.</summary>
/// <typeparam name="TSelf">The concrete builder, so chained calls keep their type.</typeparam>
public abstract class HandlerBuilder<TSelf> where TSelf : HandlerBuilder<TSelf>
{
    /// <summary>The queue, overflow, formatter, level and clock settings chosen so far.</summary>
    protected HandlerSettings Settings { get; set; } = new();

    /// <summary>Queue capacity in records (default 1024).</summary>
    public TSelf WithCapacity(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Settings = Settings with { Capacity = capacity };
        return (TSelf)this;
    }

    /// <summary>What producers do when the queue is full (default <see cref="OverflowPolicy.Drop"/>).</summary>
    public TSelf WithOverflowPolicy(OverflowPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Settings = Settings with { OverflowPolicy = policy };
        return (TSelf)this;
    }

    /// <summary>The overflow policy for records of one level, overriding the general one (e.g. Error → Block).</summary>
    public TSelf WithOverflowPolicy(FemtoLevel level, OverflowPolicy policy)
    {
        FemtoLevels.Validate(level);
        ArgumentNullException.ThrowIfNull(policy);
        var map = new Dictionary<FemtoLevel, OverflowPolicy>(Settings.LevelOverflowPolicies ?? new Dictionary<FemtoLevel, OverflowPolicy>()) { [level] = policy };
        Settings = Settings with { LevelOverflowPolicies = map };
        return (TSelf)this;
    }

    /// <summary>The overflow policy as text: <c>drop</c>, <c>block</c> or <c>timeout:N</c>.</summary>
    public TSelf WithOverflowPolicy(string policy) => WithOverflowPolicy(OverflowPolicy.Parse(policy, nameof(policy)));

    /// <summary>How long <c>Flush()</c> waits by default (default 1 s).</summary>
    public TSelf WithFlushTimeout(TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The flush timeout must be positive.");
        Settings = Settings with { FlushTimeout = timeout };
        return (TSelf)this;
    }

    /// <summary>How long <c>Flush()</c> waits by default, in milliseconds (default 1000).</summary>
    public TSelf WithFlushTimeoutMs(int timeoutMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(timeoutMs);
        return WithFlushTimeout(TimeSpan.FromMilliseconds(timeoutMs));
    }

    /// <summary>The formatter (default <see cref="FemtoFormatters.Default"/>).</summary>
    public TSelf WithFormatter(IFemtoFormatter formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        Settings = Settings with { Formatter = formatter };
        return (TSelf)this;
    }

    /// <summary>A formatting function (allocates what it allocates).</summary>
    public TSelf WithFormatter(Func<FemtoRecordView, string> formatter) => WithFormatter(new DelegateFormatter(formatter));

    /// <summary>A built-in formatter by id: <c>default</c>, <c>timestamped</c>, <c>timestamped_logger</c>, <c>json</c>.</summary>
    /// <exception cref="HandlerConfigException">Unknown id.</exception>
    public TSelf WithFormatter(string formatterId)
    {
        try { return WithFormatter(FemtoFormatters.FromId(formatterId)); }
        catch (ArgumentException ex) { throw new HandlerConfigException(ex.Message, ex); }
    }

    /// <summary>The clock for idle flushes, rotation and backoff (default <see cref="TimeProvider.System"/>); tests
    /// pass a <c>FakeTimeProvider</c>.</summary>
    public TSelf WithTimeProvider(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        Settings = Settings with { TimeProvider = timeProvider };
        return (TSelf)this;
    }

    /// <summary>The handler ignores records below <paramref name="level"/>.</summary>
    public TSelf WithLevel(FemtoLevel level)
    {
        Settings = Settings with { MinimumLevel = FemtoLevels.Validate(level) };
        return (TSelf)this;
    }

    /// <summary>The handler ignores records below the named level.</summary>
    public TSelf WithLevel(string level) => WithLevel(FemtoLevels.Parse(level));
}
