namespace Femto.Handlers;

/// <summary>Builds a <see cref="FemtoFileHandler"/>: <c>new FileHandlerBuilder("app.log").WithOverflowPolicy(OverflowPolicy.Block).Build()</c>.</summary>
public sealed class FileHandlerBuilder : FileHandlerBuilderBase<FileHandlerBuilder>
{
    /// <summary>A builder for a handler appending to <paramref name="path"/>.</summary>
    public FileHandlerBuilder(string path)
        : base(path)
    {
    }

    /// <summary>Opens the file and builds the handler.</summary>
    public FemtoFileHandler Build() => new(Path, SinkSettings);
}
