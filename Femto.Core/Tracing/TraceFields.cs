namespace Femto;

/// <summary>The key-value names of Femto's trace fields. A timed scope's record carries <c>function</c>,
/// <c>duration_ms</c>, <c>status</c>, <c>error_type</c> and <c>error_message</c> (on failure), and every record
/// logged inside a scope or an <see cref="System.Diagnostics.Activity"/> carries <c>trace_id</c> and <c>span_id</c>;
/// a nested scope's record adds <c>parent_span_id</c>. The JSON formatter writes them at the top level.</summary>
internal static class TraceFields
{
    public const string Function = "function";
    public const string DurationMs = "duration_ms";
    public const string Status = "status";
    public const string ErrorType = "error_type";
    public const string ErrorMessage = "error_message";
    public const string TraceId = "trace_id";
    public const string SpanId = "span_id";
    public const string ParentSpanId = "parent_span_id";

    /// <summary>How many names there are; <see cref="IndexOf"/> numbers them in the order above.</summary>
    public const int Count = 8;

    public const string Success = "success";
    public const string Error = "error";

    /// <summary>The position of <paramref name="name"/> in the order above, or -1 for any other name.</summary>
    public static int IndexOf(string name) => name switch
    {
        Function => 0,
        DurationMs => 1,
        Status => 2,
        ErrorType => 3,
        ErrorMessage => 4,
        TraceId => 5,
        SpanId => 6,
        ParentSpanId => 7,
        _ => -1,
    };

    /// <summary>The name at <paramref name="index"/> as UTF-8.</summary>
    public static ReadOnlySpan<byte> Utf8Name(int index) => index switch
    {
        0 => "function"u8,
        1 => "duration_ms"u8,
        2 => "status"u8,
        3 => "error_type"u8,
        4 => "error_message"u8,
        5 => "trace_id"u8,
        6 => "span_id"u8,
        _ => "parent_span_id"u8,
    };
}
