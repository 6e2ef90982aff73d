namespace Femto.Dashboard.Server;

/// <summary>One record as the page receives it: its sequence number in this dashboard and its JSON object (UTF-8).</summary>
internal readonly record struct RecordEntry(long Seq, byte[] Json);
