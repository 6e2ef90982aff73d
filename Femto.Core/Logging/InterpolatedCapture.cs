namespace Femto;

/// <summary>Gives interpolated-string handlers a record of their own: holes run user code, which may itself log on
/// the same thread, so the thread's staging record is taken out while the string is captured.</summary>
internal static class InterpolatedCapture
{
    public static LogRecord Begin()
    {
        var r = Producer.Current.Rent();
        r.Begin(RecordShape.Interpolated, null);
        return r;
    }
}
