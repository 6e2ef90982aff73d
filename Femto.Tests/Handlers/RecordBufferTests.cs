using System.Text;

namespace Femto.Tests.Handlers;

/// <summary>The shared buffered-sink piece: whole records with exact counts, cuts at record boundaries, and the two
/// failure policies, driven through a sink that fails part-way through a write.</summary>
public sealed class RecordBufferTests
{
    private static void Add(RecordBuffer buffer, string line)
    {
        buffer.Writer.WriteText(line, escape: false);
        buffer.Writer.WriteByte((byte)'\n');
        buffer.Commit();
    }

    private static RecordBuffer With(params string[] lines)
    {
        var buffer = new RecordBuffer(64);
        foreach (var line in lines) Add(buffer, line);
        return buffer;
    }

    [Test]
    public void WritesCommittedRecordsInOneCallAndKeepsTheOpenOne()
    {
        var buffer = With("one", "two");
        buffer.Writer.WriteText("open", escape: false);
        var sink = new DiskFullStream();

        var result = buffer.WriteTo(sink, SinkFailurePolicy.DropUnwritten);

        Assert.That(result, Is.EqualTo(new BufferWrite(2, 0, 0, null)));
        Assert.That(sink.Text, Is.EqualTo("one\ntwo\n"), "the open record is not written");
        Assert.That(buffer.Count, Is.Zero);
        Assert.That(buffer.OpenLength, Is.EqualTo(4));
        buffer.Writer.WriteByte((byte)'\n');
        buffer.Commit();
        buffer.WriteTo(sink, SinkFailurePolicy.DropUnwritten);
        Assert.That(sink.Text, Is.EqualTo("one\ntwo\nopen\n"), "the open record moved to the front intact");
    }

    [Test]
    public void DropPolicyCountsLandedLinesAsWrittenAndCompletesTheTornLineNext()
    {
        // "aaaa\n" lands whole, "bbbb\n" lands 2 bytes, "cccc\n" and "dddd\n" never start.
        var buffer = With("aaaa", "bbbb", "cccc", "dddd");
        var disk = new DiskFullStream { SpaceLeft = 7 };
        var sink = Tracked(disk);

        var failed = buffer.WriteTo(sink, SinkFailurePolicy.DropUnwritten);

        Assert.That(failed.Written, Is.EqualTo(1), "the line that reached the sink is written, not dropped");
        Assert.That(failed.Dropped, Is.EqualTo(2), "exactly the lines that never started are lost");
        Assert.That(failed.Kept, Is.EqualTo(1), "the torn line is kept");
        Assert.That(failed.Error, Is.InstanceOf<PartialWriteException>());
        Assert.That(buffer.HeadWrittenBytes, Is.EqualTo(2));
        Assert.That(disk.Text, Is.EqualTo("aaaa\nbb"));

        Add(buffer, "eeee");
        disk.SpaceLeft = long.MaxValue;
        var resumed = buffer.WriteTo(sink, SinkFailurePolicy.DropUnwritten);

        Assert.That(resumed, Is.EqualTo(new BufferWrite(2, 0, 0, null)));
        Assert.That(disk.Text, Is.EqualTo("aaaa\nbbbb\neeee\n"), "the next record starts on a line of its own");
    }

    [Test]
    public void DropPolicyWithALineBoundaryFailureKeepsNothing()
    {
        var buffer = With("aaaa", "bbbb", "cccc");
        var sink = Tracked(new DiskFullStream { SpaceLeft = 10 });
        var failed = buffer.WriteTo(sink, SinkFailurePolicy.DropUnwritten);
        Assert.That(failed with { Error = null }, Is.EqualTo(new BufferWrite(2, 1, 0, null)));
        Assert.That(buffer.Count, Is.Zero);
        Assert.That(buffer.HeadWrittenBytes, Is.Zero);
    }

    [Test]
    public void AFailureThatSaysNothingCountsNothingAsWritten()
    {
        var buffer = With("aaaa", "bbbb");
        var failed = buffer.WriteTo(new ThrowingStream(), SinkFailurePolicy.DropUnwritten);
        Assert.That(failed with { Error = null }, Is.EqualTo(new BufferWrite(0, 2, 0, null)));
    }

    [Test]
    public void KeepPolicyKeepsEverythingUnwrittenForRetryAndResendsATornHeadWhole()
    {
        var buffer = With("aaaa", "bbbb", "cccc");
        var disk = new DiskFullStream { SpaceLeft = 7 };
        var sink = Tracked(disk);

        var failed = buffer.WriteTo(sink, SinkFailurePolicy.KeepUnwritten);
        Assert.That(failed with { Error = null }, Is.EqualTo(new BufferWrite(1, 0, 2, null)));
        Assert.That(buffer.Count, Is.EqualTo(2));

        // A retry on a fresh connection sends the torn record whole.
        buffer.ResendHead();
        var fresh = new DiskFullStream();
        Assert.That(buffer.WriteTo(fresh, SinkFailurePolicy.KeepUnwritten), Is.EqualTo(new BufferWrite(2, 0, 0, null)));
        Assert.That(fresh.Text, Is.EqualTo("bbbb\ncccc\n"));
    }

    [Test]
    public void DropAllForgetsCommittedRecordsButNotTheOpenOne()
    {
        var buffer = With("aaaa", "bbbb");
        buffer.Writer.WriteText("open", escape: false);
        Assert.That(buffer.DropAll(), Is.EqualTo(2));
        Assert.That(buffer.Count, Is.Zero);
        Assert.That(Encoding.UTF8.GetString(buffer.Writer.WrittenSpan), Is.EqualTo("open"));
    }

    [Test]
    public void DiscardForgetsOnlyTheOpenRecord()
    {
        var buffer = With("aaaa");
        buffer.Writer.WriteText("half", escape: false);
        buffer.Discard();
        var sink = new DiskFullStream();
        buffer.WriteTo(sink, SinkFailurePolicy.DropUnwritten);
        Assert.That(sink.Text, Is.EqualTo("aaaa\n"));
    }

    /// <summary>The wrapper file handlers put around their file: it measures how much of a failed write landed.</summary>
    private static Stream Tracked(DiskFullStream disk) => new TrackedStream(disk, ownsInner: false);

    private sealed class ThrowingStream : WriteOnlyStream
    {
        public override void Write(ReadOnlySpan<byte> buffer) => throw new IOException("broken pipe (simulated)");
    }
}
