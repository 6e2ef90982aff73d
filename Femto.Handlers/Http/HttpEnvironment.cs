using System.Globalization;

namespace Femto.Handlers;

/// <summary>Reads the HTTP handler's environment variables onto a builder (see
/// <see cref="HttpHandlerBuilder.FromEnvironment"/>). Each bad value is a <see cref="HandlerConfigException"/> naming
/// the variable and quoting the value.</summary>
internal static class HttpEnvironment
{
    public static HttpHandlerBuilder Read(string prefix, HttpHandlerBuilder b)
    {
        var env = new Reader(prefix);
        if (env.Text("ENDPOINT") is { } url) env.Apply("ENDPOINT", () => b.WithEndpoint(url));
        if (env.Text("API_KEY") is { } key) env.Apply("API_KEY", () => b.WithAuth(token: key));
        if (env.Count("BATCH_SIZE") is { } batch) b.WithBatchSize(batch);
        if (env.Seconds("FLUSH_INTERVAL_SECONDS", allowZero: false) is { } interval) b.WithFlushInterval(interval);
        if (env.Count("MAX_QUEUE_SIZE") is { } capacity) b.WithCapacity(capacity);
        bool dropWhenFull = env.Bool("DROP_WHEN_FULL") ?? true;
        var queueTimeout = env.Seconds("QUEUE_TIMEOUT_SECONDS", allowZero: false);
        if (!dropWhenFull && queueTimeout is { } wait && wait < TimeSpan.FromMilliseconds(1))
            throw env.Error("QUEUE_TIMEOUT_SECONDS", "must be at least 0.001 (one millisecond)");
        b.WithOverflowPolicy(dropWhenFull ? OverflowPolicy.Drop : queueTimeout is { } t ? OverflowPolicy.Timeout(t) : OverflowPolicy.Block);
        if (env.Seconds("MIN_REQUEST_INTERVAL_SECONDS", allowZero: true) is { } spacing) b.WithMinRequestInterval(spacing);
        if (env.Seconds("TIMEOUT_SECONDS", allowZero: false) is { } timeout) b.WithTimeout(timeout);
        if (env.Bool("COMPRESSION") is { } gzip) b.WithCompression(gzip);
        bool? pacing = env.Bool("BACKPRESSURE");
        var maxSleep = env.Seconds("MAX_ENQUEUE_SLEEP_SECONDS", allowZero: false);
        var initialCost = env.Seconds("INITIAL_SEND_SECONDS_PER_LOG", allowZero: false);
        if (pacing is not null || maxSleep is not null || initialCost is not null)
            b.WithAdaptiveBackPressure(pacing ?? b.AdaptiveBackPressure, maxSleep, initialCost);
        return b;
    }

    private sealed class Reader(string prefix)
    {
        /// <summary>The trimmed value, or null when unset or blank.</summary>
        public string? Text(string name)
        {
            string? value = Environment.GetEnvironmentVariable(prefix + name);
            return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        }

        public void Apply(string name, Action apply)
        {
            try { apply(); }
            catch (ArgumentException ex) { throw Error(name, ex.Message.Split(" (Parameter")[0].TrimEnd('.'), ex); }
        }

        /// <summary>A whole number ≥ 1.</summary>
        public int? Count(string name)
        {
            if (Text(name) is not { } s) return null;
            if (int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1) return n;
            throw Error(name, "must be a whole number of at least 1");
        }

        /// <summary>Seconds as an invariant decimal (<c>0.25</c>).</summary>
        public TimeSpan? Seconds(string name, bool allowZero)
        {
            if (Text(name) is not { } s) return null;
            if (decimal.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal seconds)
                && (seconds > 0 || allowZero && seconds == 0) && seconds <= (decimal)TimeSpan.FromDays(365).TotalSeconds)
                return TimeSpan.FromTicks((long)(seconds * TimeSpan.TicksPerSecond));
            throw Error(name, allowZero ? "must be a number of seconds of 0 or more, like 0.25" : "must be a number of seconds above 0, like 0.25");
        }

        public bool? Bool(string name)
        {
            if (Text(name) is not { } s) return null;
            switch (s.ToLowerInvariant())
            {
                case "true" or "1" or "yes" or "on": return true;
                case "false" or "0" or "no" or "off": return false;
                default: throw Error(name, "must be true or false");
            }
        }

        public HandlerConfigException Error(string name, string what, Exception? inner = null)
        {
            string shown = name == "API_KEY" ? "(hidden)" : $"'{Environment.GetEnvironmentVariable(prefix + name)}'";
            return new HandlerConfigException($"{prefix}{name}: {what} (found {shown}).", inner);
        }
    }
}
