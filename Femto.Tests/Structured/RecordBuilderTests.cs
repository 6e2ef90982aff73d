using Femto.Handlers;

namespace Femto.Tests.Structured;

/// <summary><see cref="FemtoRecordBuilder"/>: a record made from parts reaches handlers with those parts.</summary>
public sealed class RecordBuilderTests : FemtoTestBase
{
    [Test]
    public void A_built_record_keeps_its_timestamp_logger_thread_caller_and_key_values_through_a_queued_handler()
    {
        string path = TempPath("built.jsonl");
        var file = Track(new FileHandlerBuilder(path).WithFormatter(FemtoFormatters.Json).Build());
        var builder = new FemtoRecordBuilder();
        long ns = 1_700_000_000_123_456_700;
        builder.Begin("remote.api", FemtoLevel.Warn, "from elsewhere")
            .WithTimestampUnixNs(ns).WithThread(77, "sender-thread").WithCaller("/src/app.cs", 12, "Run")
            .AddKeyValue("user", 42L).AddKeyValue("ok", true).AddKeyValue("note", "x");
        Assert.That(builder.View.TimestampUnixNs, Is.EqualTo(ns));
        file.Handle(builder.View);
        builder.Begin("remote.other", FemtoLevel.Error, "second"); // the handler copied the first one
        file.Handle(builder.View);
        Assert.That(file.Flush(Patience), Is.True);

        var lines = File.ReadAllLines(path);
        Assert.That(lines, Has.Length.EqualTo(2));
        Assert.That(lines[0], Does.Contain("\"timestamp\":\"2023-11-14T22:13:20.1234567Z\""));
        Assert.That(lines[0], Does.Contain("\"level\":\"WARN\",\"logger\":\"remote.api\",\"message\":\"from elsewhere\",\"thread_id\":77,\"thread_name\":\"sender-thread\""));
        Assert.That(lines[0], Does.Contain("\"filename\":\"/src/app.cs\",\"line_number\":12,\"module_path\":\"Run\",\"key_values\":{\"user\":42,\"ok\":true,\"note\":\"x\"}"));
        Assert.That(lines[1], Does.Contain("\"logger\":\"remote.other\"").And.Contain("\"key_values\":{}").And.Contain("\"filename\":null"));
    }

    [Test]
    public void Begin_rejects_an_undefined_level()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FemtoRecordBuilder().Begin("x", (FemtoLevel)42, "m"));
        Assert.Throws<ArgumentNullException>(() => new FemtoRecordBuilder().Begin(null!, FemtoLevel.Info, "m"));
    }
}
