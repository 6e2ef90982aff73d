using System.Globalization;

namespace Femto;

/// <summary>What a producer does when a bounded queue is full.</summary>
public enum OverflowKind
{
    /// <summary>Drop the record and count it.</summary>
    Drop,
    /// <summary>Wait until the worker makes room. Never loses a record while the worker runs.</summary>
    Block,
    /// <summary>Wait up to <see cref="OverflowPolicy.TimeoutValue"/>, then drop and count.</summary>
    Timeout,
}

/// <summary>Overflow policy of a logger or handler queue: <see cref="Drop"/>, <see cref="Block"/> or
/// <see cref="Timeout(TimeSpan)"/>. Immutable.</summary>
public sealed class OverflowPolicy : IEquatable<OverflowPolicy>
{
    private OverflowPolicy(OverflowKind kind, TimeSpan timeout) { Kind = kind; TimeoutValue = timeout; }

    /// <summary>Drop the record when the queue is full (the default). Every drop is counted.</summary>
    public static OverflowPolicy Drop { get; } = new(OverflowKind.Drop, TimeSpan.Zero);

    /// <summary>Block the producer until there is room. Use when no record may be lost and back pressure is acceptable.</summary>
    public static OverflowPolicy Block { get; } = new(OverflowKind.Block, System.Threading.Timeout.InfiniteTimeSpan);

    /// <summary>Block the producer for at most <paramref name="timeout"/>, then drop and count.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is not positive.</exception>
    public static OverflowPolicy Timeout(TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The overflow timeout must be positive.");
        return new(OverflowKind.Timeout, timeout);
    }

    /// <summary>Block the producer for at most <paramref name="timeoutMs"/> milliseconds, then drop and count.</summary>
    public static OverflowPolicy TimeoutMs(int timeoutMs)
    {
        if (timeoutMs <= 0) throw new ArgumentOutOfRangeException(nameof(timeoutMs), timeoutMs, "The overflow timeout must be at least 1 ms.");
        return Timeout(TimeSpan.FromMilliseconds(timeoutMs));
    }

    /// <summary>The kind of policy.</summary>
    public OverflowKind Kind { get; }

    /// <summary>How long <see cref="OverflowKind.Timeout"/> waits; infinite for Block, zero for Drop.</summary>
    public TimeSpan TimeoutValue { get; }

    /// <summary>Parses the policy text <c>drop</c>, <c>block</c> or <c>timeout:N</c> (N whole milliseconds, at least 1),
    /// case-insensitively, ignoring surrounding whitespace.</summary>
    /// <exception cref="ArgumentException">The text is not a policy; the message quotes it.</exception>
    public static OverflowPolicy Parse(string text, string paramName = "policy")
    {
        ArgumentNullException.ThrowIfNull(text, paramName);
        var s = text.AsSpan().Trim();
        if (s.Equals("drop", StringComparison.OrdinalIgnoreCase)) return Drop;
        if (s.Equals("block", StringComparison.OrdinalIgnoreCase)) return Block;
        const string prefix = "timeout:";
        if (s.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            && int.TryParse(s[prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out int ms) && ms >= 1)
            return Timeout(TimeSpan.FromMilliseconds(ms));
        throw new ArgumentException($"Invalid overflow policy '{text}': expected 'drop', 'block' or 'timeout:N' with N a whole number of milliseconds >= 1.", paramName);
    }

    /// <summary>The policy as text: <c>drop</c>, <c>block</c> or <c>timeout:N</c>.</summary>
    public override string ToString() => Kind switch
    {
        OverflowKind.Drop => "drop",
        OverflowKind.Block => "block",
        _ => "timeout:" + ((long)TimeoutValue.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
    };

    /// <inheritdoc/>
    public bool Equals(OverflowPolicy? other) => other is not null && other.Kind == Kind && other.TimeoutValue == TimeoutValue;
    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as OverflowPolicy);
    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, TimeoutValue);
}
