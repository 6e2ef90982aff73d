namespace Femto.Tests.Loggers;

/// <summary>Logger names, the singleton-per-name rule, and the parent chain built from dotted names.</summary>
public sealed class LoggerRegistryTests : FemtoTestBase
{
    [TestCase("", "empty")]
    [TestCase(" ", "whitespace")]
    [TestCase(" \t ", "whitespace")]
    [TestCase(".api", "start")]
    [TestCase(".", "start")]
    [TestCase("api.", "end")]
    [TestCase("api.v1.", "end")]
    [TestCase("api..v1", "..")]
    [TestCase("a...b", "..")]
    [TestCase(" .a", "segment of whitespace")]
    [TestCase("a. .b", "segment of whitespace")]
    [TestCase("a.\t", "segment of whitespace")]
    public void InvalidNameThrowsNamingTheRule(string name, string rule)
    {
        var ex = Assert.Throws<ArgumentException>(() => FemtoLogging.GetLogger(name));
        Assert.That(ex!.Message, Does.Contain(rule).IgnoreCase, $"the message for '{name}' should name the rule");
    }

    [Test]
    public void NoLoggerIsEverCreatedWithAWhitespaceOnlySegment()
    {
        // " .a" used to create " " as the parent of " .a"; every ancestor a name implies must itself be valid.
        Assert.Throws<ArgumentException>(() => FemtoLogging.GetLogger(" .a"));
        Assert.That(FemtoLogging.GetLoggers().Select(l => l.Name), Has.None.Matches(@"(^|\.)\s+(\.|$)"));
        Assert.Throws<ArgumentException>(() => FemtoLogging.GetLogger(" "));
    }

    [Test]
    public void NullNameThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => FemtoLogging.GetLogger(null!));
    }

    [Test]
    public void InvalidNameDoesNotCreateAnyLogger()
    {
        string prefix = UniqueName("bad");
        Assert.Throws<ArgumentException>(() => FemtoLogging.GetLogger(prefix + "..x"));
        // The valid prefix must still be created fresh, with root as its parent.
        var created = FemtoLogging.GetLogger(prefix);
        Assert.That(created.Parent, Is.SameAs(FemtoLogging.GetLogger()));
    }

    [Test]
    public void SameNameGivesSameInstance()
    {
        string name = UniqueName("same") + ".child";
        var first = FemtoLogging.GetLogger(name);
        var second = FemtoLogging.GetLogger(name);
        Assert.That(second, Is.SameAs(first));
        Assert.That(first.Name, Is.EqualTo(name));
    }

    [Test]
    public void RootIsReachableByNameAndHasNoParent()
    {
        var root = FemtoLogging.GetLogger();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(FemtoLogging.GetLogger("root"), Is.SameAs(root));
            Assert.That(root.Name, Is.EqualTo("root"));
            Assert.That(root.Parent, Is.Null);
            Assert.That(root.Propagate, Is.True);
        }
    }

    [Test]
    public void DottedNameCreatesItsAncestors()
    {
        string top = UniqueName("api");
        var leaf = FemtoLogging.GetLogger(top + ".v1.users");
        var mid = FemtoLogging.GetLogger(top + ".v1");
        var parent = FemtoLogging.GetLogger(top);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(leaf.Parent, Is.SameAs(mid));
            Assert.That(mid.Parent, Is.SameAs(parent));
            Assert.That(parent.Parent, Is.SameAs(FemtoLogging.GetLogger()));
            Assert.That(mid.Name, Is.EqualTo(top + ".v1"));
            Assert.That(leaf.Propagate, Is.True, "Propagate defaults to true");
            Assert.That(leaf.Handlers, Is.Empty);
        }
    }

    [Test]
    public void EightThreadsRacingOnANewNameGetOneInstance()
    {
        const int Threads = 8;
        for (int round = 0; round < 20; round++)
        {
            string name = UniqueName("race") + ".a.b.c";
            var results = new FemtoLogger?[Threads];
            var parents = new FemtoLogger?[Threads];
            using var barrier = new Barrier(Threads);
            var threads = Enumerable.Range(0, Threads).Select(i => new Thread(() =>
            {
                barrier.SignalAndWait();
                results[i] = FemtoLogging.GetLogger(name);
                parents[i] = results[i]!.Parent;
            }) { IsBackground = true }).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => Assert.That(t.Join(Patience), Is.True));

            var expected = FemtoLogging.GetLogger(name);
            Assert.That(results, Has.All.SameAs(expected), $"round {round}: every thread must see the same logger");
            Assert.That(parents, Has.All.SameAs(FemtoLogging.GetLogger(name[..name.LastIndexOf('.')])),
                $"round {round}: every thread must see the same parent, the registered one");
        }
    }

    [Test]
    public void ResetManagerForgetsLoggers()
    {
        string name = UniqueName("reset");
        var before = FemtoLogging.GetLogger(name);
        before.Level = FemtoLevel.Error;
        FemtoLogging.ResetManager();
        var after = FemtoLogging.GetLogger(name);
        Assert.That(after, Is.Not.SameAs(before));
        Assert.That(after.Level, Is.Null);
    }

    [Test]
    public void ToStringNamesTheLogger()
    {
        string name = UniqueName("str");
        Assert.That(FemtoLogging.GetLogger(name).ToString(), Does.Contain(name));
    }
}
