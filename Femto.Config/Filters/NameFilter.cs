namespace Femto.Config;

/// <summary>Lets through records whose logger name starts with a prefix (plain text prefix, as femtologging's
/// <c>NameFilter</c>). A logger's filters see only its own records, so on a given logger this passes all or nothing;
/// it is folded into the logger's enabled levels.</summary>
public sealed class NameFilter : IFemtoLevelFilter
{
    /// <summary>A filter passing records of loggers whose name starts with <paramref name="prefix"/>.</summary>
    public NameFilter(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        Prefix = prefix;
    }

    /// <summary>The logger name prefix let through.</summary>
    public string Prefix { get; }

    /// <inheritdoc/>
    public bool Allows(string logger, FemtoLevel level) => logger.StartsWith(Prefix, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override string ToString() => $"name starts with '{Prefix}'";
}
