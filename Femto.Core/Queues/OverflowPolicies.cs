namespace Femto;

/// <summary>Helpers for per-level policy tables (one entry per <see cref="FemtoLevel"/>).</summary>
internal static class OverflowPolicies
{
    public static OverflowPolicy[] Uniform(OverflowPolicy policy)
    {
        var table = new OverflowPolicy[FemtoLevels.Count];
        Array.Fill(table, policy);
        return table;
    }

    public static OverflowPolicy[] From(OverflowPolicy fallback, IReadOnlyDictionary<FemtoLevel, OverflowPolicy>? perLevel)
    {
        var table = Uniform(fallback);
        if (perLevel is null) return table;
        foreach (var (level, policy) in perLevel)
            table[(int)FemtoLevels.Validate(level, nameof(perLevel))] = policy ?? throw new ArgumentNullException(nameof(perLevel), $"No policy given for level {level}.");
        return table;
    }
}
