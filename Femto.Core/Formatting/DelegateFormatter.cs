namespace Femto;

/// <summary>Adapts a <c>Func&lt;FemtoRecordView, string&gt;</c> into a formatter. The function's result is written as
/// one line, control characters escaped. Allocates whatever the function allocates.</summary>
public sealed class DelegateFormatter(Func<FemtoRecordView, string> format) : IFemtoFormatter
{
    private readonly Func<FemtoRecordView, string> _format = format ?? throw new ArgumentNullException(nameof(format));

    /// <inheritdoc/>
    public void Format(in FemtoRecordView record, FemtoBuffer output) => output.WriteText(_format(record), escape: true);
}
