namespace Femto.Tests.Tracing;

/// <summary>Sampling per scope: the share recorded matches the rate, a seed makes the decisions reproducible, and
/// 0 and 1 mean never and always.</summary>
public sealed class SamplingTests : TracingTestBase
{
    private const int Scopes = 100_000;

    [Test]
    public void A_rate_of_one_tenth_records_ten_percent_of_100k_scopes_and_the_same_seed_gives_the_same_choice()
    {
        var log = NewLogger("sampled");
        log.QueueCapacity = Scopes;
        log.OverflowPolicy = OverflowPolicy.Block;
        var sink = new NoOpRecordHandler();
        log.AddHandler(sink);

        FemtoTrace.Sampler = new FemtoSampler(seed: 42);
        var first = RecordedIndexes(log);
        FemtoTrace.Sampler = new FemtoSampler(seed: 42);
        var again = RecordedIndexes(log);
        FemtoTrace.Sampler = new FemtoSampler(seed: 7);
        var otherSeed = RecordedIndexes(log);
        FlushOrFail(log);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Count, Is.InRange(9_000, 11_000), "10% ± 1% of 100,000");
            Assert.That(otherSeed.Count, Is.InRange(9_000, 11_000));
            Assert.That(again, Is.EqualTo(first), "the same seed records the same scopes");
            Assert.That(otherSeed, Is.Not.EqualTo(first));
            Assert.That(sink.Count, Is.EqualTo(first.Count + again.Count + otherSeed.Count), "one record per recorded scope");
            Assert.That(log.DroppedCount, Is.Zero);
        }
    }

    [Test]
    public void The_unseeded_sampler_also_records_about_the_rate()
    {
        var log = NewLogger("unseeded");
        log.AddHandler(new NoOpRecordHandler());
        int recorded = 0;
        for (int i = 0; i < Scopes; i++)
        {
            using var scope = log.Time("op", sampleRate: 0.25);
            if (scope.IsRecording) recorded++;
        }
        Assert.That(recorded, Is.InRange(24_000, 26_000));
    }

    [Test]
    public void Zero_never_records_and_one_always_does()
    {
        var (log, sink) = Collecting();
        for (int i = 0; i < 1000; i++)
        {
            using (log.Time("never", sampleRate: 0)) { }
            using (log.Time("always", 1.0)) { }
            FemtoTrace.Run(log, "never", () => { }, sampleRate: 0);
        }
        var sampler = new FemtoSampler(1);
        Assert.That(Enumerable.Range(0, 1000).Count(_ => sampler.ShouldSample(0)), Is.Zero);
        Assert.That(Enumerable.Range(0, 1000).Count(_ => sampler.ShouldSample(1)), Is.EqualTo(1000));
        Assert.That(Flushed(log, sink).Select(r => r.Message).Distinct(), Is.EqualTo(new[] { "always" }));
    }

    [Test]
    public void A_sampled_out_scope_does_nothing_for_the_records_inside_it()
    {
        var (log, sink) = Collecting();
        using (var scope = log.Time("skipped", 0.0))
        {
            Assert.That(scope.IsRecording, Is.False);
            log.Info("inside");
        }
        Assert.That(HasKey(Flushed(log, sink).Single(), "span_id"), Is.False);
    }

    [Test]
    public void Rates_outside_zero_to_one_are_rejected()
    {
        var sampler = new FemtoSampler();
        Assert.Throws<ArgumentOutOfRangeException>(() => sampler.ShouldSample(1.01));
        Assert.Throws<ArgumentOutOfRangeException>(() => sampler.ShouldSample(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => sampler.ShouldSample(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => FemtoTrace.Run(NewLogger(), "op", () => { }, sampleRate: 2));
        Assert.Throws<ArgumentNullException>(() => FemtoTrace.Sampler = null!);
        Assert.That(new FemtoSampler(5).Seed, Is.EqualTo(5));
        Assert.That(new FemtoSampler().Seed, Is.Null);
    }

    private static List<int> RecordedIndexes(FemtoLogger log)
    {
        var recorded = new List<int>();
        for (int i = 0; i < Scopes; i++)
        {
            using var scope = log.Time("sampled", sampleRate: 0.1);
            if (scope.IsRecording) recorded.Add(i);
        }
        return recorded;
    }
}
