using System.Text.Json;
using Femto.Dashboard;
using Microsoft.Extensions.Time.Testing;

namespace Femto.Tests.Dashboard;

public sealed class CheckpointStoreTests : FemtoTestBase
{
    private CheckpointStore Open(string file = "cp.db", TimeProvider? time = null) => Track(new CheckpointStore(TempPath(file), time));

    [Test]
    public void SaveLoadListAndDelete()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero));
        var store = Open(time: time);
        store.Save("epoch-1", new { loss = 0.5, acc = 0.8, tags = new[] { "a", "b" } }, status: "DONE", progress: 33);
        time.Advance(TimeSpan.FromSeconds(1));
        store.Save("epoch-2", new Dictionary<string, object> { ["loss"] = 0.4 }, status: "in_progress", progress: 50.5, note: "halfway");

        var loaded = store.Load("epoch-1");
        Assert.That(loaded, Is.Not.Null);
        Assert.That(loaded!.Value.GetProperty("acc").GetDouble(), Is.EqualTo(0.8));
        Assert.That(loaded.Value.GetProperty("tags")[1].GetString(), Is.EqualTo("b"));
        Assert.That(store.Load("nope"), Is.Null);

        var list = store.List();
        Assert.That(list.Select(c => c.Name), Is.EqualTo(new[] { "epoch-2", "epoch-1" }), "most recent first");
        Assert.Multiple(() =>
        {
            Assert.That(list[0].Status, Is.EqualTo(CheckpointStatus.InProgress));
            Assert.That(list[0].Progress, Is.EqualTo(50.5));
            Assert.That(list[0].Note, Is.EqualTo("halfway"));
            Assert.That(list[0].UpdatedAt, Is.EqualTo(new DateTimeOffset(2026, 11, 29, 10, 0, 1, TimeSpan.Zero)));
            Assert.That(list[1].Status, Is.EqualTo("DONE"));
            Assert.That(list[1].Progress, Is.EqualTo(33));
            Assert.That(list[1].Note, Is.Null);
        });

        time.Advance(TimeSpan.FromSeconds(1));
        store.Save("epoch-1", new { loss = 0.3 }, status: "FAILED", progress: 10);
        Assert.That(store.List().Select(c => c.Name), Is.EqualTo(new[] { "epoch-1", "epoch-2" }), "saving again replaces and moves it up");
        Assert.That(store.Get("epoch-1")!.Status, Is.EqualTo("FAILED"));
        Assert.That(store.Load("epoch-1")!.Value.TryGetProperty("acc", out _), Is.False);

        Assert.That(store.Delete("epoch-1"), Is.True);
        Assert.That(store.Delete("epoch-1"), Is.False);
        Assert.That(store.List().Select(c => c.Name), Is.EqualTo(new[] { "epoch-2" }));
    }

    [Test]
    public void CheckpointsOutliveTheStore()
    {
        var first = Open();
        first.Save("run", new { step = 7 }, status: "IN_PROGRESS", progress: 70);
        first.Dispose();

        var second = Open();
        Assert.That(second.Load("run")!.Value.GetProperty("step").GetInt32(), Is.EqualTo(7));
        Assert.That(second.List().Single().Progress, Is.EqualTo(70));
    }

    [Test]
    public void ProgressDefaultsTo100WhenDoneAnd0Otherwise()
    {
        var store = Open();
        store.Save("a", 1);
        store.Save("b", "text", status: "SKIPPED");
        Assert.That(store.Get("a")!.Progress, Is.EqualTo(100));
        Assert.That(store.Get("b")!.Progress, Is.EqualTo(0));
        Assert.That(store.Load("b")!.Value.GetString(), Is.EqualTo("text"));
    }

    [Test]
    public void DataCanBeNullOrJsonAlready()
    {
        var store = Open();
        store.Save("null", null);
        using var doc = JsonDocument.Parse("""{"nested":{"deep":[1,2,3]}}""");
        store.Save("json", doc.RootElement);
        Assert.That(store.Load("null")!.Value.ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(store.Load("json")!.Value.GetProperty("nested").GetProperty("deep")[2].GetInt32(), Is.EqualTo(3));
    }

    [Test]
    public void BadInputIsRefusedByNameAndChangesNothing()
    {
        var store = Open();
        store.Save("keep", 1);
        Assert.That(Assert.Throws<ArgumentException>(() => store.Save("x", 1, status: "DONE!"))!.ParamName, Is.EqualTo("status"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => store.Save("x", 1, progress: 100.5))!.ParamName, Is.EqualTo("progress"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => store.Save("x", 1, progress: -1))!.ParamName, Is.EqualTo("progress"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => store.Save("x", 1, progress: double.NaN))!.ParamName, Is.EqualTo("progress"));
        Assert.That(Assert.Throws<ArgumentException>(() => store.Save(" ", 1))!.ParamName, Is.EqualTo("name"));
        Assert.Throws<ArgumentNullException>(() => store.Save(null!, 1));
        var cyclic = new Node();
        cyclic.Next = cyclic;
        Assert.That(Assert.Throws<ArgumentException>(() => store.Save("x", cyclic))!.ParamName, Is.EqualTo("data"));
        Assert.That(store.List().Select(c => c.Name), Is.EqualTo(new[] { "keep" }));
    }

    [Test]
    public void ReadingAStoreNeverWrittenCreatesNothing()
    {
        var store = Open("sub/dir/cp.db");
        Assert.That(store.List(), Is.Empty);
        Assert.That(store.Load("x"), Is.Null);
        Assert.That(store.Delete("x"), Is.False);
        Assert.That(Directory.Exists(TempPath("sub")), Is.False);
        store.Save("x", 1);
        Assert.That(File.Exists(TempPath("sub", "dir", "cp.db")), Is.True, "the first save creates the file and its directories");
    }

    [Test]
    public void AnInMemoryStoreWorksWithoutAFile()
    {
        var store = Track(new CheckpointStore(null));
        store.Save("m", new { v = 1 });
        Assert.That(store.Path, Is.Null);
        Assert.That(store.Load("m")!.Value.GetProperty("v").GetInt32(), Is.EqualTo(1));
    }

    [Test]
    public void ChangesAreAnnounced()
    {
        var store = Open();
        int changes = 0;
        store.Changed += (_, _) => changes++;
        store.Save("a", 1);
        store.Delete("a");
        store.Delete("a");
        Assert.That(changes, Is.EqualTo(2), "a save and a real delete");
    }

    [Test]
    public void ADisposedStoreRefusesCalls()
    {
        var store = Open();
        store.Dispose();
        store.Dispose();
        Assert.Throws<ObjectDisposedException>(() => store.Save("a", 1));
    }

    private sealed class Node
    {
        public Node? Next { get; set; }
    }
}
