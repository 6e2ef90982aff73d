using Femto.Handlers;

namespace Femto.Config;

/// <summary>CPython's <c>FileHandler(filename, mode='a', encoding=None, delay=False, errors=None)</c> as a
/// <see cref="FemtoFileHandler"/>, plus the common options, <c>flush_interval</c> and <c>idle_flush_interval_ms</c>.</summary>
internal static class FileKind
{
    public static HandlerKind Kind { get; } = new(nameof(FemtoFileHandler),
        new HandlerParameters(["filename", "mode", "encoding", "delay", "errors"], [.. FileOptions.Keywords(withMode: true), .. CommonOptions.Keywords]),
        Create);

    private static HandlerDefinition Create(HandlerArguments a, HandlerContext c)
    {
        var file = FileOptions.Read(a, c);
        var common = CommonOptions.Read(a, c);
        return common.Define(nameof(FemtoFileHandler), file.Path, file.Signature,
            () => common.ApplyTo(file.ApplyTo(new FileHandlerBuilder(file.Path))).Build(),
            file.Details, filePath: file.Path, truncate: file.Truncate);
    }
}
