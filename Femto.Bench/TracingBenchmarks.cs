using System.Diagnostics;
using BenchmarkDotNet.Attributes;

namespace Femto.Bench;

/// <summary>Tracing costs on the calling thread, in one run: the plain call beside the same call inside a 3-key
/// <see cref="FemtoContext"/>; a sampled-out scope, a recorded scope (its record queued to a handler like any other)
/// and <see cref="Activity"/> start/stop with an <see cref="ActivityListener"/> sampling everything (the .NET tracing
/// baseline, which writes nothing). The handler discards records (as the producer suite's NullSink case), so the
/// figures are the caller's, not a file worker's competing for the same two cores. Same job as the producer suite:
/// a fixed number of calls per iteration, the queues drained between iterations, so no call waits for a full queue.</summary>
[Config(typeof(ProducerConfig))]
public class TracingBenchmarks
{
    private const string Calls = "Call", Scopes = "Scope";

    private readonly string _name = Workload.Name;
    private readonly string _city = Workload.City;
    private readonly int _age = Workload.Age;

    private FemtoLogger _log = null!;
    private FemtoContextScope _context;
    private bool _inContext;
    private ActivitySource? _source;
    private ActivityListener? _listener;

    private void CreateLogger()
    {
        FemtoLogging.ResetManager();
        _log = Subjects.CreateFemtoLogger("bench");
        _log.AddHandler(new NullRecordHandler());
    }

    [GlobalSetup(Targets = [nameof(Plain), nameof(Template3), nameof(Scope_SampledOut), nameof(Scope_SampledOut_Rate0), nameof(Scope_Recorded)])]
    public void Setup()
    {
        CreateLogger();
        ProducerBenchmarks.Warm(() => { Plain(); Template3(); Scope_SampledOut(); Scope_SampledOut_Rate0(); Scope_Recorded(); }, Flush);
    }

    /// <summary>The context is pushed here, on the thread that runs the benchmark, and stays until the cleanup.</summary>
    [GlobalSetup(Targets = [nameof(Plain_In3KeyContext), nameof(Template3_In3KeyContext)])]
    public void SetupContext()
    {
        CreateLogger();
        _context = FemtoContext.Push(("request_id", 4242), ("user", "alice"), ("region", "eu-west"));
        _inContext = true;
        ProducerBenchmarks.Warm(() => { Plain_In3KeyContext(); Template3_In3KeyContext(); }, Flush);
    }

    [GlobalSetup(Target = nameof(Activity_StartStop))]
    public void SetupActivity()
    {
        CreateLogger();
        _source = new ActivitySource("Femto.Bench");
        _listener = new ActivityListener
        {
            ShouldListenTo = s => ReferenceEquals(s, _source),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_listener);
        ProducerBenchmarks.Warm(() => Activity_StartStop(), Flush);
    }

    [IterationCleanup]
    public void Flush()
    {
        if (!_log.Flush(TimeSpan.FromSeconds(30))) throw new InvalidOperationException("Femto flush timed out.");
        // The context must be in force on the benchmark's thread, or the figures would be the plain call's.
        if (_inContext && FemtoContext.Current.Count != 3)
            throw new InvalidOperationException("The 3-key context is not in force on the benchmark thread.");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _context.Dispose();
        _listener?.Dispose();
        _source?.Dispose();
        FemtoLogging.ResetManager();
    }

    // ------------------------------------------------------------------ calls

    [Benchmark(Baseline = true), BenchmarkCategory(Calls)]
    public void Plain() => _log.Info(Workload.Plain);

    [Benchmark, BenchmarkCategory(Calls)]
    public void Plain_In3KeyContext() => _log.Info(Workload.Plain);

    [Benchmark, BenchmarkCategory(Calls)]
    public void Template3() => _log.Info(Workload.Template3, _name, _city, _age);

    [Benchmark, BenchmarkCategory(Calls)]
    public void Template3_In3KeyContext() => _log.Info(Workload.Template3, _name, _city, _age);

    // ------------------------------------------------------------------ scopes

    /// <summary>The .NET baseline: an activity started and stopped, a listener sampling it, nothing written.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory(Scopes)]
    public void Activity_StartStop()
    {
        using var activity = _source!.StartActivity("op");
    }

    /// <summary>A scope recorded 0.1 % of the time: the sampler's draw and the scope's checks.</summary>
    [Benchmark, BenchmarkCategory(Scopes)]
    public void Scope_SampledOut()
    {
        using var scope = _log.Time("op", 0.001);
    }

    /// <summary>A scope with rate 0: no draw at all.</summary>
    [Benchmark, BenchmarkCategory(Scopes)]
    public void Scope_SampledOut_Rate0()
    {
        using var scope = _log.Time("op", 0.0);
    }

    /// <summary>A recorded scope: two clock reads, ids, the span made current, one record queued.</summary>
    [Benchmark, BenchmarkCategory(Scopes)]
    public void Scope_Recorded()
    {
        using var scope = _log.Time("op");
    }
}
