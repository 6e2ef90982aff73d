namespace Femto.Config;

/// <summary>One handler of a configuration, ready to build: how to build it and what it is (for reports, reuse
/// and file truncation). Produced by <see cref="ConfigBuilder"/>'s typed overloads and by the handler class table.</summary>
internal sealed class HandlerDefinition
{
    /// <summary>The Femto type built, e.g. <c>FemtoFileHandler</c>.</summary>
    public required string ClassName { get; init; }

    /// <summary>Builds the handler (opens files, etc.). Called only once the whole configuration validated.</summary>
    public required Func<IFemtoHandler> Build { get; init; }

    /// <summary>Where it writes, for reports: a full path, <c>stderr</c>, <c>localhost:9020</c>…</summary>
    public string? Target { get; init; }

    /// <summary>The full path of a file-based handler.</summary>
    public string? FilePath { get; init; }

    /// <summary>Empty the file when the configuration is applied (<c>mode='w'</c>).</summary>
    public bool Truncate { get; init; }

    /// <summary>Equal signatures build equal handlers, so a reconfiguration keeps the running handler instead of
    /// reopening its file; null: never reused. The minimum level is not part of it (it is applied to the kept handler).</summary>
    public string? Signature { get; init; }

    /// <summary>The handler's minimum level (null: none).</summary>
    public FemtoLevel? Level { get; init; }

    /// <summary>Known settings for reports (policy, capacity, formatter…), in display order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Details { get; init; } = [];

    /// <summary>Where the handler was defined, for errors raised while building it.</summary>
    public required Where Where { get; init; }
}
