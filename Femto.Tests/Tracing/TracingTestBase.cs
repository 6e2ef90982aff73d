using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;

namespace Femto.Tests.Tracing;

/// <summary>Base of the tracing fixtures: puts FemtoTrace's clock and sampler back after each test and gives a logger
/// whose records are collected.</summary>
public abstract partial class TracingTestBase : FemtoTestBase
{
    [TearDown]
    public void ResetTracing()
    {
        FemtoTrace.TimeProvider = TimeProvider.System;
        FemtoTrace.Sampler = new FemtoSampler();
    }

    /// <summary>A fake clock that times every scope from now on (put back in tear-down).</summary>
    protected static FakeTimeProvider UseFakeClock()
    {
        var clock = new FakeTimeProvider();
        FemtoTrace.TimeProvider = clock;
        return clock;
    }

    /// <summary>A fresh logger (level Trace) with a collecting handler.</summary>
    protected static (FemtoLogger Log, CollectingHandler Sink) Collecting(string prefix = "trace")
    {
        var log = NewLogger(prefix);
        log.Level = FemtoLevel.Trace;
        var sink = new CollectingHandler();
        log.AddHandler(sink);
        return (log, sink);
    }

    /// <summary>Flushes <paramref name="log"/> and returns what its handler received.</summary>
    protected static IReadOnlyList<CapturedRecord> Flushed(FemtoLogger log, CollectingHandler sink)
    {
        FlushOrFail(log);
        return sink.Records;
    }

    /// <summary>The value of key-value <paramref name="key"/>; fails when the record does not have exactly one.</summary>
    protected static object? Kv(CapturedRecord record, string key)
    {
        var found = record.KeyValues.Where(kv => kv.Key == key).ToList();
        Assert.That(found, Has.Count.EqualTo(1), $"key '{key}' in [{string.Join(", ", record.KeyValues.Select(kv => kv.Key))}]");
        return found[0].Value;
    }

    /// <summary>The value of <paramref name="key"/> as text, or null when the record does not have it.</summary>
    protected static string? Text(CapturedRecord record, string key) =>
        record.KeyValues.Where(kv => kv.Key == key).Select(kv => kv.Value?.ToString()).FirstOrDefault();

    protected static bool HasKey(CapturedRecord record, string key) => record.KeyValues.Any(kv => kv.Key == key);

    [GeneratedRegex("^[0-9a-f]{32}$")]
    protected static partial Regex TraceIdShape();

    [GeneratedRegex("^[0-9a-f]{16}$")]
    protected static partial Regex SpanIdShape();
}
