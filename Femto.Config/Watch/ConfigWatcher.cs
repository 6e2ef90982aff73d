namespace Femto.Config;

/// <summary>Re-applies a JSON or INI configuration file when it changes, from <see cref="FemtoConfig.Watch"/>. Changes
/// are debounced (an editor's burst of writes, or a write-then-rename save, applies once). An edit that does not
/// load or apply is reported on <see cref="FemtoDiagnostics"/> and in <see cref="Reloaded"/>, and the configuration
/// in force keeps running. Dispose to stop watching.</summary>
public sealed class ConfigWatcher : IDisposable
{
    private readonly FileSystemWatcher _watcher;
    private readonly ITimer _timer;
    private readonly TimeSpan _debounce;
    private readonly IReadOnlyDictionary<string, string>? _defaults;
    private readonly object _reloadLock = new();
    private string? _appliedText;
    private int _disposed;
    private long _applied, _failed;
    private Exception? _lastError;

    internal ConfigWatcher(string path, IReadOnlyDictionary<string, string>? defaults, TimeSpan debounce, TimeProvider timeProvider)
    {
        Path = System.IO.Path.GetFullPath(path);
        _defaults = defaults;
        _debounce = debounce;
        Apply(throwOnError: true); // a file that is wrong from the start fails the caller, not a background thread
        _timer = timeProvider.CreateTimer(_ => Reload(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _watcher = new FileSystemWatcher(System.IO.Path.GetDirectoryName(Path)!, System.IO.Path.GetFileName(Path))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        _watcher.Changed += OnChanged;
        _watcher.Created += OnChanged;
        _watcher.Renamed += OnChanged;
        _watcher.Error += (_, e) => FemtoDiagnostics.Report($"configuration watcher for {Path}: {e.GetException().Message}");
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>The watched file (full path).</summary>
    public string Path { get; }

    /// <summary>How many times the file was applied, the first time included.</summary>
    public long AppliedCount => Interlocked.Read(ref _applied);

    /// <summary>How many edits could not be applied.</summary>
    public long FailedCount => Interlocked.Read(ref _failed);

    /// <summary>Why the last reload failed, or null after a successful one.</summary>
    public Exception? LastError => Volatile.Read(ref _lastError);

    /// <summary>Raised after each reload attempt triggered by a change (on a timer thread), applied or not.</summary>
    public event EventHandler<ConfigReloadedEventArgs>? Reloaded;

    private void OnChanged(object sender, FileSystemEventArgs e)
    {
        if (Volatile.Read(ref _disposed) != 0) return;
        try { _timer.Change(_debounce, Timeout.InfiniteTimeSpan); } // every change restarts the wait
        catch (ObjectDisposedException) { }
    }

    private void Reload()
    {
        if (Volatile.Read(ref _disposed) != 0) return;
        var error = Apply(throwOnError: false, skipIfUnchanged: true, out bool attempted);
        if (attempted) Reloaded?.Invoke(this, new ConfigReloadedEventArgs(Path, error));
    }

    private void Apply(bool throwOnError)
    {
        var error = Apply(throwOnError, skipIfUnchanged: false, out _);
        if (error is not null) throw error;
    }

    private Exception? Apply(bool throwOnError, bool skipIfUnchanged, out bool attempted)
    {
        lock (_reloadLock)
        {
            attempted = false;
            try
            {
                string text = File.ReadAllText(Path);
                if (skipIfUnchanged && text == _appliedText)
                {
                    // Touched, or a broken edit undone: what is in force is what the file says.
                    attempted = Interlocked.Exchange(ref _lastError, null) is not null;
                    return null;
                }
                attempted = true;
                FemtoConfig.LoadFile(Path, _defaults).BuildAndInit();
                _appliedText = text;
                Interlocked.Increment(ref _applied);
                Volatile.Write(ref _lastError, null);
                return null;
            }
            catch (Exception ex) when (!throwOnError && ex is FemtoConfigException or IOException or UnauthorizedAccessException)
            {
                attempted = true;
                Interlocked.Increment(ref _failed);
                Volatile.Write(ref _lastError, ex);
                FemtoDiagnostics.Report($"configuration {Path} was edited but not applied; the configuration in force stays: {ex.Message}");
                return ex;
            }
        }
    }

    /// <summary>Stops watching. The configuration in force stays.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _watcher.EnableRaisingEvents = false;
        _watcher.Dispose();
        _timer.Dispose();
        lock (_reloadLock) { } // let a reload in progress finish
    }
}
