namespace Femto.Handlers;

/// <summary>The unit a timed rotation's periods are measured in (CPython's <c>when</c>: S, M, H, D/MIDNIGHT, W0–W6).</summary>
internal enum RolloverUnit
{
    Second,
    Minute,
    Hour,
    Day,
    Week,
}
