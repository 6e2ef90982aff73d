namespace Femto.Config;

/// <summary>Builds a <see cref="NameFilter"/>: <c>new NameFilterBuilder().WithPrefix("app.")</c>.</summary>
public sealed class NameFilterBuilder : IFilterBuilder
{
    /// <summary>The logger name prefix let through; null until set.</summary>
    public string? Prefix { get; private set; }

    /// <summary>Lets through records of loggers whose name starts with <paramref name="prefix"/>.</summary>
    public NameFilterBuilder WithPrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        Prefix = prefix;
        return this;
    }

    /// <inheritdoc/>
    public IFemtoFilter Build() =>
        new NameFilter(Prefix ?? throw new FemtoConfigException("NameFilterBuilder: WithPrefix was not called."));
}
