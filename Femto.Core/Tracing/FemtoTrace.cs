namespace Femto;

/// <summary>Traced calls, and the clock and sampler every timed scope uses. <c>FemtoTrace.Run(log, "fetch_user", () =>
/// Fetch(id))</c> times the call and writes one record when it returns: <c>function</c>, <c>duration_ms</c>,
/// <c>status</c> (<c>success</c> or <c>error</c>), on failure <c>error_type</c> and <c>error_message</c>, and the
/// <c>trace_id</c>, <c>span_id</c> and (when nested) <c>parent_span_id</c>; Info on success, Error on failure. An
/// exception is recorded from an exception filter and never caught, so it reaches the caller as the same object with
/// the same stack trace. See <see cref="FemtoLogger.Time(string, ReadOnlySpan{ValueTuple{string, object}})"/> for
/// blocks.</summary>
/// <remarks><c>sampleRate</c> (0 never, 1 always) records that share of calls, decided by <see cref="Sampler"/>; a
/// call that is not recorded runs the body directly, allocating nothing (a sampled-out <c>RunAsync</c> returns the
/// body's own task). A recorded <c>RunAsync</c> also records an exception its body throws before its first
/// <c>await</c>, in the returned task.</remarks>
public static class FemtoTrace
{
    private static TimeProvider s_timeProvider = TimeProvider.System;
    private static FemtoSampler s_sampler = new();

    /// <summary>The clock of timed scopes and traced calls (<see cref="TimeProvider.GetTimestamp"/>). Default:
    /// <see cref="TimeProvider.System"/>. A scope keeps the clock it started with.</summary>
    public static TimeProvider TimeProvider
    {
        get => Volatile.Read(ref s_timeProvider);
        set => Volatile.Write(ref s_timeProvider, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>Decides which sampled scopes are recorded. Default: a non-reproducible sampler; set
    /// <c>new FemtoSampler(seed)</c> for a reproducible sequence.</summary>
    public static FemtoSampler Sampler
    {
        get => Volatile.Read(ref s_sampler);
        set => Volatile.Write(ref s_sampler, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>Runs <paramref name="body"/> as a timed scope named <paramref name="name"/> (<c>name[label]</c> with a
    /// label) on <paramref name="logger"/>.</summary>
    /// <exception cref="ArgumentException">The name is empty, or <paramref name="sampleRate"/> is not between 0 and 1.</exception>
    public static void Run(FemtoLogger logger, string name, Action body, double sampleRate = 1.0, string? label = null)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(body);
        var scope = logger.Time(name, label, sampleRate);
        if (!scope.IsRecording)
        {
            body();
            return;
        }
        try
        {
            body();
        }
        catch (Exception e) when (scope.Fail(e))
        {
            // Never entered: the filter records the exception and declines it.
        }
        finally
        {
            scope.Dispose();
        }
    }

    /// <summary>Runs <paramref name="body"/> as a timed scope and returns its value.</summary>
    /// <exception cref="ArgumentException">The name is empty, or <paramref name="sampleRate"/> is not between 0 and 1.</exception>
    public static T Run<T>(FemtoLogger logger, string name, Func<T> body, double sampleRate = 1.0, string? label = null)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(body);
        var scope = logger.Time(name, label, sampleRate);
        if (!scope.IsRecording) return body();
        try
        {
            return body();
        }
        catch (Exception e) when (scope.Fail(e))
        {
            throw; // unreachable: the filter declines every exception
        }
        finally
        {
            scope.Dispose();
        }
    }

    /// <summary>Runs the asynchronous <paramref name="body"/> as a timed scope that ends when its task completes.</summary>
    /// <exception cref="ArgumentException">The name is empty, or <paramref name="sampleRate"/> is not between 0 and 1.</exception>
    public static Task RunAsync(FemtoLogger logger, string name, Func<Task> body, double sampleRate = 1.0, string? label = null)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(body);
        // Decided here, but the scope starts inside the async method, whose context changes stay its own.
        return logger.ShouldTime(name, sampleRate, default) ? TimedAsync(logger, FunctionNames.Get(name, label), body) : body();
    }

    /// <summary>Runs the asynchronous <paramref name="body"/> as a timed scope and returns its value.</summary>
    /// <exception cref="ArgumentException">The name is empty, or <paramref name="sampleRate"/> is not between 0 and 1.</exception>
    public static Task<T> RunAsync<T>(FemtoLogger logger, string name, Func<Task<T>> body, double sampleRate = 1.0, string? label = null)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(body);
        return logger.ShouldTime(name, sampleRate, default) ? TimedAsync(logger, FunctionNames.Get(name, label), body) : body();
    }

    private static async Task TimedAsync(FemtoLogger logger, string function, Func<Task> body)
    {
        var scope = ScopeState.Start(logger, function, default);
        try
        {
            await body().ConfigureAwait(false);
        }
        catch (Exception e) when (scope.Fail(e))
        {
            // Never entered.
        }
        finally
        {
            scope.Dispose();
        }
    }

    private static async Task<T> TimedAsync<T>(FemtoLogger logger, string function, Func<Task<T>> body)
    {
        var scope = ScopeState.Start(logger, function, default);
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception e) when (scope.Fail(e))
        {
            throw; // unreachable
        }
        finally
        {
            scope.Dispose();
        }
    }
}
