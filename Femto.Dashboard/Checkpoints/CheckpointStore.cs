using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Femto.Dashboard;

/// <summary>Named checkpoints (a JSON object, a status, a progress 0–100, a note) persisted in SQLite, so a long job
/// can record how far it got and pick up after a restart. <see cref="DashboardHandler.Checkpoints"/> is one, shown in
/// the page's Checkpoints tab; one can also be used on its own (no server) where the dashboard is off.
/// Thread-safe. Calls write through to the file on the caller's thread: checkpoints are for milestones, not per record.</summary>
public sealed class CheckpointStore : IDisposable
{
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = false };

    private readonly object _lock = new();
    private readonly TimeProvider _time;
    private readonly string _connectionString;
    private SqliteConnection? _connection;
    private bool _disposed;

    /// <summary>Opens (lazily) the store at <paramref name="path"/>; the file and its directory are created on the
    /// first save, so reading a store that was never written creates nothing.</summary>
    /// <param name="path">The SQLite file, or null to keep checkpoints in memory for the life of this object.</param>
    /// <param name="timeProvider">The clock for <see cref="Checkpoint.UpdatedAt"/> (default <see cref="TimeProvider.System"/>).</param>
    public CheckpointStore(string? path, TimeProvider? timeProvider = null)
    {
        if (path is not null && string.IsNullOrWhiteSpace(path)) throw new ArgumentException("The path must not be empty; use null for memory.", nameof(path));
        Path = path is null ? null : System.IO.Path.GetFullPath(path);
        _time = timeProvider ?? TimeProvider.System;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path ?? ":memory:",
            Pooling = false, // one connection for the store's life; closing it must release the file
            DefaultTimeout = 5, // another process may hold the write lock briefly
        }.ToString();
    }

    /// <summary>The full path of the SQLite file, or null for an in-memory store.</summary>
    public string? Path { get; }

    /// <summary>Raised after a save or a delete (on the caller's thread).</summary>
    public event EventHandler? Changed;

    /// <summary>Saves (creates or replaces) a checkpoint.</summary>
    /// <param name="name">Its name; any non-empty text.</param>
    /// <param name="data">Any object System.Text.Json can serialise (null is saved as JSON null); a
    /// <see cref="JsonElement"/> is saved as it is.</param>
    /// <param name="status"><c>DONE</c>, <c>IN_PROGRESS</c>, <c>FAILED</c> or <c>SKIPPED</c> (case-insensitive).</param>
    /// <param name="progress">0–100; null means 100 for <c>DONE</c> and 0 otherwise.</param>
    /// <param name="note">An optional note shown with it.</param>
    /// <exception cref="ArgumentException">Empty name, unknown status, or data that cannot be serialised.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Progress outside 0–100.</exception>
    public void Save(string name, object? data, string status = CheckpointStatus.Done, double? progress = null, string? note = null)
    {
        CheckName(name);
        string canonical = CheckpointStatus.Parse(status);
        double value = progress ?? (canonical == CheckpointStatus.Done ? 100 : 0);
        if (!(value >= 0 && value <= 100)) throw new ArgumentOutOfRangeException(nameof(progress), progress, "Progress must be between 0 and 100.");
        string json;
        try { json = JsonSerializer.Serialize(data, data?.GetType() ?? typeof(object), s_json); }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException)
        {
            throw new ArgumentException($"The data of checkpoint '{name}' cannot be saved as JSON: {ex.Message}", nameof(data), ex);
        }
        long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (_lock)
        {
            using var cmd = Open(create: true)!.CreateCommand();
            cmd.CommandText = """
                INSERT INTO checkpoints (name, status, progress, note, data, updated_at) VALUES ($name, $status, $progress, $note, $data, $at)
                ON CONFLICT(name) DO UPDATE SET status = excluded.status, progress = excluded.progress, note = excluded.note,
                                                data = excluded.data, updated_at = excluded.updated_at
                """;
            cmd.Parameters.AddWithValue("$name", name);
            cmd.Parameters.AddWithValue("$status", canonical);
            cmd.Parameters.AddWithValue("$progress", value);
            cmd.Parameters.AddWithValue("$note", (object?)note ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$data", json);
            cmd.Parameters.AddWithValue("$at", now);
            cmd.ExecuteNonQuery();
        }
        Changed?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>The saved data of a checkpoint, or null when there is none by that name.</summary>
    public JsonElement? Load(string name) => Get(name)?.Data;

    /// <summary>The whole checkpoint, or null when there is none by that name.</summary>
    public Checkpoint? Get(string name)
    {
        CheckName(name);
        return Query("WHERE name = $name", name).FirstOrDefault();
    }

    /// <summary>Every checkpoint, most recently saved first.</summary>
    public IReadOnlyList<Checkpoint> List() => Query("ORDER BY updated_at DESC, rowid DESC", null);

    /// <summary>Deletes a checkpoint; returns whether there was one.</summary>
    public bool Delete(string name)
    {
        CheckName(name);
        int deleted;
        lock (_lock)
        {
            var connection = Open(create: false);
            if (connection is null) return false;
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "DELETE FROM checkpoints WHERE name = $name";
            cmd.Parameters.AddWithValue("$name", name);
            deleted = cmd.ExecuteNonQuery();
        }
        if (deleted > 0) Changed?.Invoke(this, EventArgs.Empty);
        return deleted > 0;
    }

    /// <summary>Closes the file. Idempotent; later calls throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _connection?.Dispose();
            _connection = null;
        }
    }

    private List<Checkpoint> Query(string tail, string? name)
    {
        lock (_lock)
        {
            var connection = Open(create: false);
            if (connection is null) return [];
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT name, status, progress, note, data, updated_at FROM checkpoints " + tail;
            if (name is not null) cmd.Parameters.AddWithValue("$name", name);
            using var reader = cmd.ExecuteReader();
            var list = new List<Checkpoint>();
            while (reader.Read())
            {
                using var doc = JsonDocument.Parse(reader.GetString(4));
                list.Add(new Checkpoint(
                    reader.GetString(0), reader.GetString(1), reader.GetDouble(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)), doc.RootElement.Clone()));
            }
            return list;
        }
    }

    /// <summary>The open connection (caller holds the lock); null when the file does not exist and
    /// <paramref name="create"/> is false.</summary>
    private SqliteConnection? Open(bool create)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_connection is not null) return _connection;
        if (Path is not null && !create && !File.Exists(Path)) return null;
        if (Path is not null && System.IO.Path.GetDirectoryName(Path) is { Length: > 0 } dir) Directory.CreateDirectory(dir);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = """
                CREATE TABLE IF NOT EXISTS checkpoints (
                    name TEXT PRIMARY KEY NOT NULL,
                    status TEXT NOT NULL,
                    progress REAL NOT NULL,
                    note TEXT,
                    data TEXT NOT NULL,
                    updated_at INTEGER NOT NULL)
                """;
            cmd.ExecuteNonQuery();
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        return _connection = connection;
    }

    private static void CheckName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A checkpoint name must not be empty.", nameof(name));
    }
}
