using System.Text.Json;

namespace Femto.Dashboard;

/// <summary>A saved checkpoint.</summary>
/// <param name="Name">Its name (unique in the store).</param>
/// <param name="Status">One of <see cref="CheckpointStatus.All"/>.</param>
/// <param name="Progress">0–100.</param>
/// <param name="Note">A free-text note, if one was given.</param>
/// <param name="UpdatedAt">When it was last saved (UTC, millisecond precision).</param>
/// <param name="Data">The saved object as JSON.</param>
public sealed record Checkpoint(string Name, string Status, double Progress, string? Note, DateTimeOffset UpdatedAt, JsonElement Data);
