namespace Femto.Config;

/// <summary>Builds a <see cref="LevelFilter"/>: <c>new LevelFilterBuilder().WithMaxLevel("INFO")</c>.</summary>
public sealed class LevelFilterBuilder : IFilterBuilder
{
    /// <summary>The most severe level let through; null until set.</summary>
    public FemtoLevel? MaxLevel { get; private set; }

    /// <summary>Lets through records of <paramref name="level"/> and below.</summary>
    public LevelFilterBuilder WithMaxLevel(FemtoLevel level)
    {
        if (!Enum.IsDefined(level)) throw new ArgumentOutOfRangeException(nameof(level), level, "Undefined level.");
        MaxLevel = level;
        return this;
    }

    /// <summary>Lets through records of the named level and below.</summary>
    /// <exception cref="ArgumentException">Unknown level name.</exception>
    public LevelFilterBuilder WithMaxLevel(string level) => WithMaxLevel(FemtoLevels.Parse(level));

    /// <inheritdoc/>
    public IFemtoFilter Build() =>
        new LevelFilter(MaxLevel ?? throw new FemtoConfigException("LevelFilterBuilder: WithMaxLevel was not called."));
}
