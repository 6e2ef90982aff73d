using System.Globalization;

namespace Femto;

/// <summary>Renders a record's message (plain, template or interpolated) as UTF-8 on a worker thread.</summary>
internal static class MessageRenderer
{
    public static void Write(LogRecord record, FemtoBuffer output, bool escape)
    {
        switch (record.Shape)
        {
            case RecordShape.Plain:
            case RecordShape.Rendered:
                output.WriteText(record.Message, escape);
                break;
            case RecordShape.Template:
                WriteTemplate(record, output, escape);
                break;
            default:
                var slots = record.Slots;
                for (int i = 0; i < record.ArgCount; i++)
                {
                    if (slots[i].Kind == ArgKind.Literal) output.WriteText((string?)slots[i].Ref, escape);
                    else WriteValue(in slots[i], output, escape);
                }
                break;
        }
    }

    private static void WriteTemplate(LogRecord record, FemtoBuffer output, bool escape)
    {
        var template = MessageTemplate.Get(record.Message!);
        foreach (ref readonly var seg in template.Segments.AsSpan())
        {
            if (seg.Literal is not null) output.Write(escape ? seg.EscapedUtf8 : seg.RawUtf8);
            else if (seg.ArgIndex < record.ArgCount)
            {
                // Template slots hold only the value: format and alignment come from the hole.
                var slot = record.Slots[seg.ArgIndex].WithFormat(seg.Format, seg.Alignment);
                WriteValue(in slot, output, escape);
            }
            else output.WriteText(seg.RawHole, escape);
        }
    }

    /// <summary>Writes one captured value as text, honouring its format and alignment. A format the value rejects
    /// (<see cref="FormatException"/>, or an <see cref="ArgumentException"/> such as the runtime throws for a format
    /// holding a lone surrogate) is ignored: the value is written in its default form rather than the record being
    /// lost.</summary>
    public static void WriteValue(in ArgSlot slot, FemtoBuffer output, bool escape)
    {
        if (slot.Format is null)
        {
            WriteValueAsIs(in slot, output, escape);
            return;
        }
        int start = output.WrittenCount;
        try
        {
            WriteValueAsIs(in slot, output, escape);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            output.Truncate(start);
            var plain = slot.WithFormat(null, slot.Alignment);
            WriteValueAsIs(in plain, output, escape);
        }
    }

    private static void WriteValueAsIs(in ArgSlot slot, FemtoBuffer output, bool escape)
    {
        if (slot.Alignment != 0)
        {
            WriteAligned(in slot, output, escape);
            return;
        }
        switch (slot.Kind)
        {
            case ArgKind.String:
            case ArgKind.Literal:
                output.WriteText((string?)slot.Ref, escape);
                break;
            case ArgKind.Inline:
                ((IValueCodec)slot.Ref!).WriteUtf8(in slot, output, escape);
                break;
            default:
                if (slot.Ref is string text) output.WriteText(text, escape);
                else WriteObject(slot.Ref, slot.Format, output, escape);
                break;
        }
    }

    private static void WriteObject(object? value, string? format, FemtoBuffer output, bool escape)
    {
        string? text = value switch
        {
            null => "",
            IFormattable f => f.ToString(format, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
        output.WriteText(text, escape);
    }

    private static void WriteAligned(in ArgSlot slot, FemtoBuffer output, bool escape)
    {
        var unaligned = slot.WithFormat(slot.Format, 0);
        int start = output.WrittenCount;
        WriteValue(in unaligned, output, escape);
        int width = Math.Abs(slot.Alignment);
        int written = System.Text.Unicode.Utf8.IsValid(output.WrittenSpan[start..])
            ? System.Text.Encoding.UTF8.GetCharCount(output.WrittenSpan[start..])
            : output.WrittenCount - start;
        int pad = width - written;
        if (pad <= 0) return;
        if (slot.Alignment > 0)
        {
            // Right-align: move the value right and pad in front.
            int len = output.WrittenCount - start;
            var span = output.GetSpan(pad);
            _ = span;
            output.Advance(pad);
            var all = output.WrittenSpanMutable;
            all.Slice(start, len).CopyTo(all.Slice(start + pad, len));
            all.Slice(start, pad).Fill((byte)' ');
        }
        else
        {
            output.GetSpan(pad)[..pad].Fill((byte)' ');
            output.Advance(pad);
        }
    }
}
