using System.Globalization;

namespace Femto.Tests.Structured;

/// <summary><see cref="FemtoRecordView.EnumerateKeyValues"/>: the public, typed and allocation-free access to a
/// record's structured values that built-in and third-party encoders use.</summary>
public sealed class TypedKeyValueTests : FemtoTestBase
{
    /// <summary>Describes each value as "key:Kind:typed value" while the view is valid, and measures what the
    /// enumeration itself allocates on the worker.</summary>
    private sealed class TypedRecorder : IFemtoRecordHandler
    {
        public readonly List<string[]> Records = [];
        public long EnumerationBytes = -1;

        public void Handle(in FemtoRecordView record)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            long sum = 0;
            foreach (var kv in record.EnumerateKeyValues())
            {
                if (kv.TryGetInt64(out long l)) sum += l;
                else if (kv.TryGetDouble(out double d)) sum += (long)d;
            }
            long after = GC.GetAllocatedBytesForCurrentThread();
            if (sum >= 0) EnumerationBytes = after - before; // the last record's: earlier ones warm the template cache

            var described = new List<string>();
            foreach (var kv in record.EnumerateKeyValues()) described.Add(kv.Key + ":" + kv.Kind + ":" + Typed(kv));
            Records.Add([.. described]);
        }

        private static string Typed(in FemtoKeyValue kv)
        {
            var text = new FemtoBuffer(64);
            kv.WriteText(text, escape: true);
            string rendered = System.Text.Encoding.UTF8.GetString(text.WrittenSpan);
            return kv.Kind switch
            {
                FemtoValueKind.Signed when kv.TryGetInt64(out long l) => l.ToString(CultureInfo.InvariantCulture),
                FemtoValueKind.Unsigned when kv.TryGetUInt64(out ulong u) => u.ToString(CultureInfo.InvariantCulture),
                FemtoValueKind.Float when kv.TryGetDouble(out double d) => d.ToString(CultureInfo.InvariantCulture),
                FemtoValueKind.Boolean when kv.TryGetBoolean(out bool b) => b ? "true" : "false",
                FemtoValueKind.String when kv.TryGetString(out string? s) => s,
                FemtoValueKind.Null => "null",
                _ => rendered,
            };
        }

        public void Handle(string logger, FemtoLevel level, string message) => throw new NotSupportedException();
    }

    [Test]
    public void EachValueReportsItsKindAndReadsBackTyped()
    {
        var log = NewLogger("typed");
        var rec = new TypedRecorder();
        log.AddHandler(rec);
        object boxed = 5;
        log.Info("kinds", ("i", -7), ("u", 7u), ("big", ulong.MaxValue), ("d", 2.5));
        log.Info("kinds", ("b", true), ("s", "text"), ("n", (string?)null), ("m", 1.25m));
        log.Info("more", ("boxed", boxed), ("g", Guid.Empty), ("h", (Half)1.5), ("e", DayOfWeek.Monday));
        log.Info("Hello {Name}, {Age} years", "Ann", (short)31);
        double amount = 9.5;
        log.Info($"paid {amount:F2}|{amount,8}");
        FlushOrFail(log);

        Assert.That(rec.Records[0], Is.EqualTo(new[] { "i:Signed:-7", "u:Unsigned:7", "big:Unsigned:18446744073709551615", "d:Float:2.5" }));
        Assert.That(rec.Records[1], Is.EqualTo(new[] { "b:Boolean:true", "s:String:text", "n:Null:null", "m:Other:1.25" }));
        Assert.That(rec.Records[2], Is.EqualTo(new[]
        {
            "boxed:Signed:5", "g:Other:00000000-0000-0000-0000-000000000000", "h:Float:1.5", "e:Other:Monday",
        }));
        Assert.That(rec.Records[3], Is.EqualTo(new[] { "Name:String:Ann", "Age:Signed:31" }));
        Assert.That(rec.Records[4], Is.EqualTo(new[] { "amount:Float:9.5", "amount:Float:9.5" }), "typed reads ignore format and alignment");
    }

    [Test]
    public void TextKeepsTheHoleFormatButNotItsAlignment()
    {
        var log = NewLogger("typed");
        var texts = new List<string>();
        log.AddHandler(new ViewHandler(view =>
        {
            foreach (var kv in view.EnumerateKeyValues())
            {
                var b = new FemtoBuffer(32);
                kv.WriteText(b, escape: true);
                texts.Add((kv.Format ?? "-") + "=" + System.Text.Encoding.UTF8.GetString(b.WrittenSpan));
            }
        }));
        double amount = 9.5;
        string evil = "a\nb";
        log.Info($"{amount:F2}{amount,8}{evil}");
        FlushOrFail(log);
        Assert.That(texts, Is.EqualTo(new[] { "F2=9.50", "-=9.5", "-=a\\nb" }));
    }

    [Test]
    public void LargeUnsignedValuesDoNotPassAsSigned()
    {
        var log = NewLogger("typed");
        var results = new List<(bool, bool)>();
        log.AddHandler(new ViewHandler(view =>
        {
            foreach (var kv in view.EnumerateKeyValues()) results.Add((kv.TryGetInt64(out _), kv.TryGetUInt64(out _)));
        }));
        log.Info("u", ("small", 1UL), ("huge", ulong.MaxValue), ("neg", -1L));
        FlushOrFail(log);
        Assert.That(results, Is.EqualTo(new[] { (true, true), (false, true), (true, false) }));
    }

    [Test]
    public void EnumeratingAllocatesNothing()
    {
        var log = NewLogger("typed");
        var rec = new TypedRecorder();
        log.AddHandler(rec);
        for (int i = 0; i < 3; i++)
        {
            log.Info("paid", ("user", 42), ("amount", 9.5), ("note", "x"), ("ok", true));
            log.Info("Hello {Name} {Age}", "Ann", 31);
        }
        FlushOrFail(log);
        Assert.That(rec.EnumerationBytes, Is.Zero);
    }

    private sealed class ViewHandler(Action<FemtoRecordView> onRecord) : IFemtoRecordHandler
    {
        public void Handle(in FemtoRecordView record) => onRecord(record);
        public void Handle(string logger, FemtoLevel level, string message) => throw new NotSupportedException();
    }
}
