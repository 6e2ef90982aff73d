namespace Femto;

/// <summary>How a handler is doing.</summary>
public enum HealthStatus
{
    /// <summary>Writing normally.</summary>
    Healthy,
    /// <summary>Working, but recently dropped records (its queue overflowed).</summary>
    Degraded,
    /// <summary>Recently failed to write, or closed, or its worker stopped.</summary>
    Unhealthy,
}

/// <summary>A handler's health with the reason, for health checks and dashboards.</summary>
/// <param name="Status">The status.</param>
/// <param name="Reason">Why, when not healthy; null when healthy.</param>
public readonly record struct HandlerHealth(HealthStatus Status, string? Reason)
{
    /// <summary>How far back failures and drops count against health.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(30);
}
