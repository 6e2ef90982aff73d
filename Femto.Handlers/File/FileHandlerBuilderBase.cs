namespace Femto.Handlers;

/// <summary>Options of every file-like handler builder (file, rotating file, timed rotating file, and third-party
/// ones): a path plus the <see cref="TextSinkHandlerBuilder{TSelf}"/> options, written once and closed at the
/// leaf: <c>sealed class RotatingFileHandlerBuilder : FileHandlerBuilderBase&lt;RotatingFileHandlerBuilder&gt;</c>.</summary>
/// <typeparam name="TSelf">The concrete builder, so chained calls keep their type.</typeparam>
public abstract class FileHandlerBuilderBase<TSelf> : TextSinkHandlerBuilder<TSelf> where TSelf : FileHandlerBuilderBase<TSelf>
{
    /// <summary>A builder for a handler writing to <paramref name="path"/>.</summary>
    /// <exception cref="ArgumentException">The path is empty or whitespace.</exception>
    protected FileHandlerBuilderBase(string path)
    {
        Path = FemtoFileHandler.ValidatePath(path);
    }

    /// <summary>The log file path.</summary>
    public string Path { get; }
}
