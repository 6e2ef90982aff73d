namespace Femto.Config;

/// <summary>One filter of a configuration: how to build it and how to show it.</summary>
internal sealed class FilterDefinition
{
    public required Func<IFemtoFilter> Build { get; init; }
    public required string Description { get; init; }
    public required Where Where { get; init; }
}
