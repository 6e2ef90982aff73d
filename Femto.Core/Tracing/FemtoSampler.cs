namespace Femto;

/// <summary>Decides which timed scopes are recorded (<c>sampleRate</c> on <see cref="FemtoLogger.Time(string, double, ReadOnlySpan{ValueTuple{string, object}})"/>
/// and <see cref="FemtoTrace.Run(FemtoLogger, string, Action, double, string?)"/>). Set one with
/// <see cref="FemtoTrace.Sampler"/>.</summary>
/// <remarks>Without a seed each thread draws from its own random generator (no shared state, a few nanoseconds).
/// With a seed the decisions form one sequence: the n-th call of <see cref="ShouldSample"/> on this sampler, from
/// whichever thread, gets the same answer for the same rate in every run, so a single-threaded run is exactly
/// reproducible. The seeded sampler counts its calls with one atomic increment.</remarks>
public sealed class FemtoSampler
{
    private const ulong Golden = 0x9E3779B97F4A7C15;
    private readonly ulong _seed;
    private long _calls;

    /// <summary>A sampler drawing from a per-thread random generator (not reproducible).</summary>
    public FemtoSampler() { }

    /// <summary>A reproducible sampler: the same seed gives the same sequence of decisions.</summary>
    public FemtoSampler(int seed)
    {
        Seed = seed;
        _seed = (ulong)(uint)seed * Golden + 1;
    }

    /// <summary>The seed, or null for a non-reproducible sampler.</summary>
    public int? Seed { get; }

    /// <summary>True with probability <paramref name="rate"/>: always for 1, never for 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rate"/> is not between 0 and 1 (or is NaN).</exception>
    public bool ShouldSample(double rate)
    {
        if (!(rate > 0 && rate < 1))
        {
            if (rate == 0) return false;
            if (rate == 1) return true;
            throw RateOutOfRange(rate, nameof(rate));
        }
        return NextUnit() < rate;
    }

    /// <summary>A uniform double in [0, 1).</summary>
    private double NextUnit()
    {
        if (Seed is null) return Random.Shared.NextDouble();
        // SplitMix64 of the call number: a counter-based generator, so concurrent callers need no lock.
        ulong z = _seed + (ulong)Interlocked.Increment(ref _calls) * Golden;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }

    internal static ArgumentOutOfRangeException RateOutOfRange(double rate, string paramName) =>
        new(paramName, rate, $"A sample rate must be between 0 (never) and 1 (always); got {rate}.");
}
