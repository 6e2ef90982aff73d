#!/usr/bin/env python3
"""Generates Femto.Core/Logging/FemtoLogger.Levels.g.cs: the per-level logging methods and interpolated-string
handlers. Run from the repository root after editing this template: python3 tools/generate_levels.py"""
import pathlib

LEVELS = ["Trace", "Debug", "Info", "Warn", "Error", "Critical"]
MAX_ARGS = 4
MAX_KVS = 4
CALLER = ('[CallerFilePath] string file = "", [CallerLineNumber] int line = 0, '
          '[CallerMemberName] string member = ""')


def tparams(n, prefix="T"):
    return ", ".join(f"{prefix}{i}" for i in range(1, n + 1))


def family(name, level_param, level_expr, handler_type, doc_level):
    """Methods for one level (name=Info) or for the level-taking Log family (name=Log)."""
    lp = f"{level_param}, " if level_param else ""
    out = []
    guard = f"if (IsEnabled({level_expr}))"
    # plain message
    if level_param is None:  # Log(level, message) is hand-written: it returns the formatted line (the seed's contract)
        out.append(f'''
    /// <summary>Logs <paramref name="message"/> {doc_level}. Costs a level check when disabled.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void {name}({lp}string message, {CALLER})
    {{
        {guard} WritePlain({level_expr}, null, message, file, line, member);
    }}''')
    out.append(f'''
    /// <summary>Logs <paramref name="message"/> with <paramref name="exception"/> {doc_level}.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void {name}({lp}Exception? exception, string message, {CALLER})
    {{
        {guard} WritePlain({level_expr}, exception, message, file, line, member);
    }}''')
    for n in range(1, MAX_ARGS + 1):
        tp = tparams(n)
        args = ", ".join(f"T{i} arg{i}" for i in range(1, n + 1))
        names = ", ".join(f"arg{i}" for i in range(1, n + 1))
        for ex in (False, True):
            exp = "Exception? exception, " if ex else ""
            exa = "exception" if ex else "null"
            exdoc = ' and <paramref name="exception"/>' if ex else ""
            out.append(f'''
    /// <summary>Logs a message template{exdoc} {doc_level}; arguments are captured without boxing or formatting
    /// and rendered on the worker. Holes: <c>{{Name}}</c>, <c>{{0}}</c>, <c>{{Name:format}}</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining), OverloadResolutionPriority({n})]
    public void {name}<{tp}>({lp}{exp}string template, {args}, {CALLER})
    {{
        {guard} WriteTemplate({level_expr}, {exa}, template, {names}, file, line, member);
    }}''')
    for n in range(1, MAX_KVS + 1):
        tp = tparams(n)
        kvs = ", ".join(f"(string Key, T{i} Value) kv{i}" for i in range(1, n + 1))
        names = ", ".join(f"kv{i}" for i in range(1, n + 1))
        out.append(f'''
    /// <summary>Logs <paramref name="message"/> with structured key-values {doc_level}, e.g.
    /// <c>("user", id)</c>. Values are captured without boxing and reach every handler.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining), OverloadResolutionPriority({n})]
    public void {name}<{tp}>({lp}string message, {kvs}, {CALLER})
    {{
        {guard} WriteKeyValues({level_expr}, message, {names}, file, line, member);
    }}''')
    hargs = '"", "level"' if level_param else '""'
    out.append(f'''
    /// <summary>Logs an interpolated string {doc_level}. When disabled the holes are not evaluated; when enabled they
    /// are captured without boxing or formatting, and named after their expressions as structured values.</summary>
    public void {name}({lp}[InterpolatedStringHandlerArgument({hargs})] ref {handler_type} message, {CALLER})
    {{
        if (message.Record is {{ }} record) SubmitRented(record, {level_expr}, null, file, line, member);
    }}

    /// <summary>Logs an interpolated string with <paramref name="exception"/> {doc_level}.</summary>
    public void {name}({lp}Exception? exception, [InterpolatedStringHandlerArgument({hargs})] ref {handler_type} message, {CALLER})
    {{
        if (message.Record is {{ }} record) SubmitRented(record, {level_expr}, exception, file, line, member);
    }}''')
    return "".join(out)


def writers():
    out = []
    for n in range(1, MAX_ARGS + 1):
        tp = tparams(n)
        args = ", ".join(f"T{i} arg{i}" for i in range(1, n + 1))
        adds = " ".join(f"r.AddArg(arg{i});" for i in range(1, n + 1))
        out.append(f'''
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WriteTemplate<{tp}>(FemtoLevel level, Exception? exception, string template, {args}, string file, int line, string member)
    {{
        var producer = Producer.Current;
        var r = producer.Staging;
        r.Begin(RecordShape.Template, template);
        r.Exception = exception;
        {adds}
        Submit(producer, r, level, file, line, member);
    }}''')
    for n in range(1, MAX_KVS + 1):
        tp = tparams(n)
        kvs = ", ".join(f"(string Key, T{i} Value) kv{i}" for i in range(1, n + 1))
        adds = " ".join(f"r.AddKeyValue(kv{i}.Key, kv{i}.Value);" for i in range(1, n + 1))
        out.append(f'''
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WriteKeyValues<{tp}>(FemtoLevel level, string message, {kvs}, string file, int line, string member)
    {{
        var producer = Producer.Current;
        var r = producer.Staging;
        r.Begin(RecordShape.Plain, message);
        {adds}
        Submit(producer, r, level, file, line, member);
    }}''')
    return "".join(out)


def handler(type_name, level_doc, ctor_params, enabled_expr):
    return f'''
/// <summary>Captures an interpolated string {level_doc} for <see cref="FemtoLogger"/> without formatting it.</summary>
[InterpolatedStringHandler]
[EditorBrowsable(EditorBrowsableState.Never)]
public ref struct {type_name}
{{
    internal readonly LogRecord? Record;

    /// <summary>Called by the compiler; sets <paramref name="isEnabled"/> so disabled holes are never evaluated.</summary>
    public {type_name}(int literalLength, int formattedCount, {ctor_params}, out bool isEnabled)
    {{
        isEnabled = {enabled_expr};
        Record = isEnabled ? InterpolatedCapture.Begin() : null;
    }}

    /// <summary>Called by the compiler for literal text.</summary>
    public readonly void AppendLiteral(string value) => Record!.AddLiteral(value);

    /// <summary>Called by the compiler for a hole.</summary>
    public readonly void AppendFormatted<T>(T value, [CallerArgumentExpression(nameof(value))] string? name = null) => Record!.AddArg(value, name);

    /// <summary>Called by the compiler for a hole with a format.</summary>
    public readonly void AppendFormatted<T>(T value, string? format, [CallerArgumentExpression(nameof(value))] string? name = null) => Record!.AddArg(value, name, format);

    /// <summary>Called by the compiler for a hole with an alignment.</summary>
    public readonly void AppendFormatted<T>(T value, int alignment, [CallerArgumentExpression(nameof(value))] string? name = null) => Record!.AddArg(value, name, null, alignment);

    /// <summary>Called by the compiler for a hole with an alignment and a format.</summary>
    public readonly void AppendFormatted<T>(T value, int alignment, string? format, [CallerArgumentExpression(nameof(value))] string? name = null) => Record!.AddArg(value, name, format, alignment);

    /// <summary>Called by the compiler for a span hole (copied to a string: spans cannot be queued).</summary>
    public readonly void AppendFormatted(scoped ReadOnlySpan<char> value, [CallerArgumentExpression(nameof(value))] string? name = null) => Record!.AddArg(value.ToString(), name);
}}
'''


def main():
    parts = ['''// <auto-generated>Generated by tools/generate_levels.py. Do not edit; edit the generator.</auto-generated>
#nullable enable
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Femto;

public sealed partial class FemtoLogger
{''']
    for lvl in LEVELS:
        parts.append(f"\n    // ---- {lvl} ----")
        parts.append(family(lvl, None, f"FemtoLevel.{lvl}", f"{lvl}InterpolatedHandler", f"at {lvl} level"))
    parts.append("\n    // ---- any level ----")
    parts.append(family("Log", "FemtoLevel level", "level", "LogInterpolatedHandler", "at <paramref name=\"level\"/>"))
    parts.append("\n    // ---- capture ----")
    parts.append(writers())
    parts.append("\n}\n")
    for lvl in LEVELS:
        parts.append(handler(f"{lvl}InterpolatedHandler", f"at {lvl} level", "FemtoLogger logger", f"logger.IsEnabled(FemtoLevel.{lvl})"))
    parts.append(handler("LogInterpolatedHandler", "at a given level", "FemtoLogger logger, FemtoLevel level", "logger.IsEnabled(level)"))
    path = pathlib.Path(__file__).resolve().parent.parent / "Femto.Core" / "Logging" / "FemtoLogger.Levels.g.cs"
    path.write_text("".join(parts))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
