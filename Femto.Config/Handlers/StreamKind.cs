using Femto.Handlers;

namespace Femto.Config;

/// <summary>CPython's <c>StreamHandler(stream=None)</c> as a <see cref="FemtoStreamHandler"/>: <c>stream</c> is
/// <c>sys.stdout</c>/<c>sys.stderr</c> (INI <c>args</c>), <c>ext://sys.stdout</c>/<c>ext://sys.stderr</c> (dict) or
/// absent (stderr); plus the common options and <c>idle_flush_interval_ms</c>.</summary>
internal static class StreamKind
{
    public static HandlerKind Kind { get; } = new(nameof(FemtoStreamHandler),
        new HandlerParameters(["stream"], ["stream", "idle_flush_interval_ms", .. CommonOptions.Keywords]),
        Create);

    private static HandlerDefinition Create(HandlerArguments a, HandlerContext c)
    {
        var target = ReadTarget(a);
        var idle = a.Milliseconds("idle_flush_interval_ms");
        var common = CommonOptions.Read(a, c);
        string name = target == ConsoleTarget.Stdout ? "stdout" : "stderr";
        return common.Define(nameof(FemtoStreamHandler), name, $"idle={idle?.TotalMilliseconds}", () =>
        {
            var builder = target == ConsoleTarget.Stdout ? StreamHandlerBuilder.Stdout() : StreamHandlerBuilder.Stderr();
            if (idle is { } i) builder.WithIdleFlushInterval(i);
            return common.ApplyTo(builder).Build();
        });
    }

    private static ConsoleTarget ReadTarget(HandlerArguments a)
    {
        if (!a.Has("stream")) return ConsoleTarget.Stderr;
        return a.Raw("stream") switch
        {
            null => ConsoleTarget.Stderr, // StreamHandler(None) writes to stderr
            PythonName n when n == PythonName.Stdout => ConsoleTarget.Stdout,
            PythonName => ConsoleTarget.Stderr,
            "ext://sys.stdout" or "sys.stdout" => ConsoleTarget.Stdout,
            "ext://sys.stderr" or "sys.stderr" => ConsoleTarget.Stderr,
            string s when s.StartsWith("ext://", StringComparison.Ordinal) || s.StartsWith("cfg://", StringComparison.Ordinal) =>
                throw a.At("stream").Error($"'{s}' is not supported: the only external objects are ext://sys.stdout and ext://sys.stderr."),
            var other => throw a.At("stream").Error($"stream must be sys.stdout or sys.stderr (ext://sys.stdout or ext://sys.stderr in a dict), found {ConfigValues.Describe(other)}."),
        };
    }
}
