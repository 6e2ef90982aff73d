namespace Femto.Tests.Structured;

/// <summary>Templates that cannot be honoured are bounded and still write the record, as it stands.</summary>
public sealed class MalformedTemplateTests : FemtoTestBase
{
    [TestCase("{10000000}")]
    [TestCase("{2147483647}")]
    [TestCase("value {0} then {1024}")]
    public void HugePositionalHolesWriteTheTemplateAsItStandsWithoutHugeAllocations(string template)
    {
        var log = NewLogger("huge");
        var sink = new CollectingHandler();
        log.AddHandler(sink);
        long before = GC.GetTotalAllocatedBytes(precise: true);
        log.Info(template, 42);
        FlushOrFail(log);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.That(sink.Messages, Is.EqualTo(new[] { template }), "the record is written, with the raw template");
        Assert.That(allocated, Is.LessThan(1 << 20), "parsing must not size anything by the hole's index");
    }

    [Test]
    public void TheHighestAcceptedIndexStillBindsItsArgument()
    {
        var log = NewLogger("index");
        var sink = new CollectingHandler();
        log.AddHandler(sink);
        log.Info("{0} and {1}", "a", "b");
        FlushOrFail(log);
        Assert.That(sink.Messages, Is.EqualTo(new[] { "a and b" }));
    }
}
