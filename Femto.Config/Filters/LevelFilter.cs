namespace Femto.Config;

/// <summary>Lets through records up to a maximum level (<c>LevelFilter(Info)</c> passes Trace…Info, rejects Warn
/// and above). Folded into the logger's enabled levels, so a rejected call costs what a disabled level costs.</summary>
public sealed class LevelFilter : IFemtoLevelFilter
{
    /// <summary>A filter passing records of <paramref name="maxLevel"/> and below.</summary>
    public LevelFilter(FemtoLevel maxLevel)
    {
        if (!Enum.IsDefined(maxLevel)) throw new ArgumentOutOfRangeException(nameof(maxLevel), maxLevel, "Undefined level.");
        MaxLevel = maxLevel;
    }

    /// <summary>The most severe level let through.</summary>
    public FemtoLevel MaxLevel { get; }

    /// <inheritdoc/>
    public bool Allows(string logger, FemtoLevel level) => level <= MaxLevel;

    /// <inheritdoc/>
    public override string ToString() => $"level <= {MaxLevel.ToName()}";
}
