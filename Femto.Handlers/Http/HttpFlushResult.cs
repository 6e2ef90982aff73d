namespace Femto.Handlers;

/// <summary>What <see cref="FemtoHttpHandler.FlushAsync(TimeSpan)"/> found: whether everything handed to the handler
/// before the call reached a final state (sent, or dropped and counted) in time, and the handler's totals.</summary>
/// <param name="Ok">True when every record handed over before the call was sent or dropped within the timeout.</param>
/// <param name="StatusCode">The status of the last response the handler received, or null before the first (or
/// when requests only failed without a response).</param>
/// <param name="Sent">Records accepted by the endpoint since the handler was built.</param>
/// <param name="Dropped">Records dropped since the handler was built, for any reason (see
/// <see cref="FemtoHttpHandler.DroppedBy"/>).</param>
/// <param name="Error">Why <paramref name="Ok"/> is false; null when it is true.</param>
public readonly record struct HttpFlushResult(bool Ok, int? StatusCode, long Sent, long Dropped, string? Error);
