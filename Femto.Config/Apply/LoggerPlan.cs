namespace Femto.Config;

/// <summary>What a validated configuration does to one logger.</summary>
/// <param name="Name">The logger name (<c>root</c> for the root).</param>
/// <param name="SetLevel">Whether the level changes; when false the logger keeps its level.</param>
/// <param name="Level">The new level (null: unset, inherit).</param>
/// <param name="HandlerIds">The handlers, replacing the logger's.</param>
/// <param name="FilterIds">The filters, replacing the logger's.</param>
/// <param name="Propagate">Propagation (null: leave it; only the root).</param>
/// <param name="Policy">The logger queue's overflow policy (null: leave it).</param>
internal sealed record LoggerPlan(string Name, bool SetLevel, FemtoLevel? Level, IReadOnlyList<string> HandlerIds,
    IReadOnlyList<string> FilterIds, bool? Propagate, OverflowPolicy? Policy)
{
    public bool IsRoot => Name == "root";
}
