namespace Femto;

/// <summary>Random span and trace ids for one thread: xoshiro256** (the generator behind <see cref="Random"/>),
/// seeded from <see cref="Random.Shared"/>. Kept in the thread's <see cref="ScopePool"/>, so drawing ids costs no
/// thread-static lookup of its own. W3C asks for random ids, not secret ones.</summary>
internal struct IdSource
{
    private ulong _s0, _s1, _s2, _s3;

    public static IdSource Seeded()
    {
        var source = default(IdSource);
        do
        {
            source._s0 = (ulong)Random.Shared.NextInt64() << 1 ^ (ulong)Random.Shared.NextInt64();
            source._s1 = (ulong)Random.Shared.NextInt64() << 1 ^ (ulong)Random.Shared.NextInt64();
            source._s2 = (ulong)Random.Shared.NextInt64() << 1 ^ (ulong)Random.Shared.NextInt64();
            source._s3 = (ulong)Random.Shared.NextInt64() << 1 ^ (ulong)Random.Shared.NextInt64();
        }
        while ((source._s0 | source._s1 | source._s2 | source._s3) == 0);
        return source;
    }

    /// <summary>The next 64 random bits, never all zero (W3C ids must not be).</summary>
    public ulong NextNonZero()
    {
        ulong value;
        do value = Next();
        while (value == 0);
        return value;
    }

    private ulong Next()
    {
        ulong s0 = _s0, s1 = _s1, s2 = _s2, s3 = _s3;
        ulong result = ulong.RotateLeft(s1 * 5, 7) * 9;
        ulong t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = ulong.RotateLeft(s3, 45);
        _s0 = s0;
        _s1 = s1;
        _s2 = s2;
        _s3 = s3;
        return result;
    }
}
