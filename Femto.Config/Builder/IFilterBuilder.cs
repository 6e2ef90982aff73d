namespace Femto.Config;

/// <summary>Builds a filter for <see cref="ConfigBuilder.WithFilter(string, IFilterBuilder)"/>.</summary>
public interface IFilterBuilder
{
    /// <summary>Creates the filter (called when the configuration is applied).</summary>
    /// <exception cref="FemtoConfigException">The builder is incomplete.</exception>
    IFemtoFilter Build();
}
