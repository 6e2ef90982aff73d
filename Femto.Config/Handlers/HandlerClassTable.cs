namespace Femto.Config;

/// <summary>The fixed table of handler classes a dict/INI configuration may name: CPython's names (bare as
/// <c>fileConfig</c> resolves them, <c>handlers.</c>- and <c>logging.</c>-qualified), femtologging's, and Femto's
/// own type names — each mapped to a <see cref="HandlerKind"/> that builds through a typed builder. Nothing is ever
/// looked up or instantiated by name: a class not in this table is rejected.</summary>
internal static class HandlerClassTable
{
    private static readonly HandlerKind Rotating = new(RotatingFileOptions.FemtoClass, RotatingFileOptions.Parameters, (a, c) =>
    {
        var o = RotatingFileOptions.Read(a, c);
        return o.Common.Define(RotatingFileOptions.FemtoClass, o.File.Path, o.Signature, () => o.Builder().Build(), o.Details, o.File.Path, o.File.Truncate);
    });

    private static readonly HandlerKind TimedRotating = new(TimedRotatingFileOptions.FemtoClass, TimedRotatingFileOptions.Parameters, (a, c) =>
    {
        var o = TimedRotatingFileOptions.Read(a, c);
        return o.Common.Define(TimedRotatingFileOptions.FemtoClass, o.File.Path, o.Signature, () => o.Builder().Build(), o.Details, o.File.Path, truncate: false);
    });

    private static readonly HandlerKind Socket = new(SocketOptions.FemtoClass, SocketOptions.Parameters, (a, c) =>
    {
        var o = SocketOptions.Read(a, c);
        return o.Common.Define(SocketOptions.FemtoClass, o.Target, o.Signature, () => o.Builder().Build(), o.Details);
    });

    private static readonly HandlerKind Http = new(HttpOptions.FemtoClass, HttpOptions.Parameters, (a, c) =>
    {
        var o = HttpOptions.Read(a, c);
        return o.Common.Define(HttpOptions.FemtoClass, o.Target, o.Signature, () => o.Builder().Build(), o.Details);
    });

    // CPython's HTTPHandler sends each record alone as a url-encoded form (GET or POST); Femto's sends JSON batches.
    private static readonly string[] s_cpythonHttp = ["HTTPHandler", "handlers.HTTPHandler", "logging.handlers.HTTPHandler", "logging.HTTPHandler"];

    private static readonly Dictionary<string, HandlerKind> s_classes = Table(
        (StreamKind.Kind, ["StreamHandler", "logging.StreamHandler", "femtologging.StreamHandler", "femtologging.FemtoStreamHandler", "Femto.Handlers.FemtoStreamHandler"]),
        (FileKind.Kind, ["FileHandler", "logging.FileHandler", "femtologging.FileHandler", "femtologging.FemtoFileHandler", "Femto.Handlers.FemtoFileHandler"]),
        (Rotating, ["handlers.RotatingFileHandler", "logging.handlers.RotatingFileHandler", "logging.RotatingFileHandler",
                    "femtologging.RotatingFileHandler", "femtologging.FemtoRotatingFileHandler", "Femto.Handlers.FemtoRotatingFileHandler"]),
        (TimedRotating, ["handlers.TimedRotatingFileHandler", "logging.handlers.TimedRotatingFileHandler",
                         "femtologging.TimedRotatingFileHandler", "femtologging.FemtoTimedRotatingFileHandler", "Femto.Handlers.FemtoTimedRotatingFileHandler"]),
        (Socket, ["handlers.SocketHandler", "logging.handlers.SocketHandler", "femtologging.SocketHandler",
                  "femtologging.FemtoSocketHandler", "Femto.Handlers.FemtoSocketHandler"]),
        (Http, ["femto.HttpHandler", "femtologging.HTTPHandler", "femtologging.FemtoHTTPHandler", "Femto.Handlers.FemtoHttpHandler"]));

    /// <summary>Every accepted class name.</summary>
    public static IReadOnlyCollection<string> ClassNames => s_classes.Keys;

    /// <summary>The kind for <paramref name="className"/>; an unknown name is rejected at <paramref name="where"/>.</summary>
    public static HandlerKind Resolve(string className, Where where)
    {
        if (s_classes.TryGetValue(className.Trim(), out var kind)) return kind;
        if (s_cpythonHttp.Contains(className.Trim()))
            throw where.Error($"'{className}' (one url-encoded request per record) is not offered: use Femto.Handlers.FemtoHttpHandler, " +
                              "which POSTs JSON arrays of records in batches (see docs/http.md).");
        throw where.Error($"unknown handler class '{className}'. Femto builds only these classes (it never loads a type by name): " +
                          "StreamHandler, FileHandler, handlers.RotatingFileHandler, handlers.TimedRotatingFileHandler, handlers.SocketHandler " +
                          "(also with the logging., femtologging. and Femto.Handlers.Femto… prefixes), Femto.Handlers.FemtoHttpHandler (femto.HttpHandler).");
    }

    private static Dictionary<string, HandlerKind> Table(params (HandlerKind Kind, string[] Names)[] entries)
    {
        var table = new Dictionary<string, HandlerKind>(StringComparer.Ordinal);
        foreach (var (kind, names) in entries)
            foreach (var name in names) table.Add(name, kind);
        return table;
    }
}
