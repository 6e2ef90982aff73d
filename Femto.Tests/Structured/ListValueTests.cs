using System.Buffers;
using System.Text.Json;

namespace Femto.Tests.Structured;

/// <summary>A key-value holding a list (the MEL provider's <c>scope</c>, or any array) is a JSON array in JSON lines
/// and an array in socket frames, not its type name.</summary>
public sealed class ListValueTests : FemtoTestBase
{
    [Test]
    public void JsonWritesListsAsArrays()
    {
        var path = TempPath("lists.jsonl");
        var file = Track(new FileHandlerBuilder(path).WithFormatter(FemtoFormatters.Json).Build());
        var log = NewLogger("lists");
        log.AddHandler(file);
        log.Info("lists", ("tags", new[] { "a", "b" }), ("nums", new List<object?> { 1, 2.5, true, null, "x" }));
        FlushOrFail(log);
        file.Close();
        var values = JsonDocument.Parse(File.ReadAllLines(path).Single()).RootElement.GetProperty("key_values");
        Assert.That(values.GetProperty("tags").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(values.GetProperty("nums").GetRawText(), Is.EqualTo("[1,2.5,true,null,\"x\"]"));
    }

    [Test]
    public void FramesWriteListsAsArrays()
    {
        var log = NewLogger("listframes");
        var frames = new FemtoBuffer();
        var recorder = new FrameWriter(frames);
        log.AddHandler(recorder);
        log.Info("lists", ("tags", new[] { "a", "b" }));
        FlushOrFail(log);
        var seq = new ReadOnlySequence<byte>(frames.WrittenMemory);
        Assert.That(Femto.Handlers.RecordFrames.TryRead(ref seq, Femto.Handlers.RecordFrames.DefaultMaxFrameSize, out var frame), Is.True);
        var kv = (IDictionary<object, object?>)frame["key_values"]!;
        Assert.That(kv["tags"], Is.EqualTo(new object[] { "a", "b" }));
    }

    private sealed class FrameWriter(FemtoBuffer output) : IFemtoRecordHandler
    {
        public void Handle(in FemtoRecordView record) => Femto.Handlers.RecordFrames.Write(record, output);
        public void Handle(string logger, FemtoLevel level, string message) { }
    }
}
