namespace Femto.Dashboard;

/// <summary>The statuses a checkpoint can have, as stored and shown (upper case).</summary>
public static class CheckpointStatus
{
    /// <summary>Finished successfully.</summary>
    public const string Done = "DONE";
    /// <summary>Started, not finished.</summary>
    public const string InProgress = "IN_PROGRESS";
    /// <summary>Failed.</summary>
    public const string Failed = "FAILED";
    /// <summary>Deliberately not run.</summary>
    public const string Skipped = "SKIPPED";

    /// <summary>Every status, in display order.</summary>
    public static IReadOnlyList<string> All { get; } = [Done, InProgress, Failed, Skipped];

    /// <summary>The canonical status for <paramref name="status"/> (case-insensitive, surrounding whitespace ignored).</summary>
    /// <exception cref="ArgumentException">Not one of <see cref="All"/>; the message lists them.</exception>
    public static string Parse(string status)
    {
        ArgumentNullException.ThrowIfNull(status);
        string upper = status.Trim().ToUpperInvariant();
        return All.FirstOrDefault(s => s == upper)
            ?? throw new ArgumentException($"Unknown checkpoint status '{status}'. Valid: {string.Join(", ", All)}.", nameof(status));
    }
}
