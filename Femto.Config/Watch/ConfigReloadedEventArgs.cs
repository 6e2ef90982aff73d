namespace Femto.Config;

/// <summary>The outcome of one reload by a <see cref="ConfigWatcher"/>.</summary>
public sealed class ConfigReloadedEventArgs(string path, Exception? error) : EventArgs
{
    /// <summary>The watched file.</summary>
    public string Path { get; } = path;

    /// <summary>Why the edited file was not applied (the configuration in force stays), or null when it was.</summary>
    public Exception? Error { get; } = error;

    /// <summary>True when the file was applied.</summary>
    public bool Applied => Error is null;
}
