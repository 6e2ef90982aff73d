namespace Femto.Tests.Support;

/// <summary>A copy of what a <see cref="FemtoRecordView"/> showed (views are valid only during the call).</summary>
public sealed record CapturedRecord(
    string Logger,
    FemtoLevel Level,
    string Message,
    string? MessageTemplate,
    IReadOnlyList<KeyValuePair<string, object?>> KeyValues,
    Exception? Exception,
    DateTime Timestamp,
    int ThreadId,
    string? ThreadName,
    string? FileName,
    int LineNumber,
    string? ModulePath,
    string DefaultLine)
{
    /// <summary>Copies everything the view exposes.</summary>
    public static CapturedRecord From(in FemtoRecordView view) => new(
        view.Logger,
        view.Level,
        view.Message,
        view.MessageTemplate,
        [.. view.KeyValues],
        view.Exception,
        view.Timestamp,
        view.ThreadId,
        view.ThreadName,
        view.FileName,
        view.LineNumber,
        view.ModulePath,
        view.ToString());
}
