namespace Femto.Tests.Loggers;

/// <summary>Level names and parsing, level inheritance, IsEnabled, and the return value of Log.</summary>
public sealed class LevelTests : FemtoTestBase
{
    private static readonly string[] AllNames = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "CRITICAL"];

    [TestCase("TRACE", FemtoLevel.Trace)]
    [TestCase("trace", FemtoLevel.Trace)]
    [TestCase("Debug", FemtoLevel.Debug)]
    [TestCase("info", FemtoLevel.Info)]
    [TestCase("INFO", FemtoLevel.Info)]
    [TestCase("  Info \t", FemtoLevel.Info)]
    [TestCase("warn", FemtoLevel.Warn)]
    [TestCase("WARN", FemtoLevel.Warn)]
    [TestCase("WARNING", FemtoLevel.Warn)]
    [TestCase("warning", FemtoLevel.Warn)]
    [TestCase("error", FemtoLevel.Error)]
    [TestCase("Critical", FemtoLevel.Critical)]
    public void ParseAcceptsNamesCaseInsensitively(string text, FemtoLevel expected)
    {
        Assert.That(FemtoLevels.Parse(text), Is.EqualTo(expected));
        Assert.That(FemtoLevels.TryParse(text, out var parsed), Is.True);
        Assert.That(parsed, Is.EqualTo(expected));
    }

    [TestCase("verbose")]
    [TestCase("")]
    [TestCase("   ")]
    [TestCase("INF")]
    [TestCase("warnings")]
    [TestCase("fatal")]
    public void ParseRejectsUnknownNamesListingTheValidOnes(string text)
    {
        var ex = Assert.Throws<ArgumentException>(() => FemtoLevels.Parse(text));
        foreach (var name in AllNames) Assert.That(ex!.Message, Does.Contain(name), $"the message should list {name}");
        Assert.That(FemtoLevels.TryParse(text, out _), Is.False);
    }

    [Test]
    public void TryParseOfNullIsFalse()
    {
        Assert.That(FemtoLevels.TryParse(null, out _), Is.False);
    }

    [TestCase(FemtoLevel.Trace, "TRACE")]
    [TestCase(FemtoLevel.Debug, "DEBUG")]
    [TestCase(FemtoLevel.Info, "INFO")]
    [TestCase(FemtoLevel.Warn, "WARN")]
    [TestCase(FemtoLevel.Error, "ERROR")]
    [TestCase(FemtoLevel.Critical, "CRITICAL")]
    public void ToNameIsUpperCaseAndRoundTrips(FemtoLevel level, string name)
    {
        Assert.That(level.ToName(), Is.EqualTo(name));
        Assert.That(FemtoLevels.Parse(level.ToName()), Is.EqualTo(level));
    }

    [Test]
    public void LevelsAreOrderedBySeverity()
    {
        Assert.That(Enum.GetValues<FemtoLevel>(), Is.EqualTo(new[]
        {
            FemtoLevel.Trace, FemtoLevel.Debug, FemtoLevel.Info, FemtoLevel.Warn, FemtoLevel.Error, FemtoLevel.Critical,
        }).AsCollection);
        Assert.That(FemtoLevel.Trace, Is.LessThan(FemtoLevel.Critical));
    }

    [Test]
    public void RootDefaultsToInfo()
    {
        var root = FemtoLogging.GetLogger();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(root.EffectiveLevel, Is.EqualTo(FemtoLevel.Info));
            Assert.That(root.IsEnabled(FemtoLevel.Info), Is.True);
            Assert.That(root.IsEnabled(FemtoLevel.Debug), Is.False);
        }
    }

    [Test]
    public void UnsetChildInheritsParentAndFollowsItsChanges()
    {
        string parentName = UniqueName("lvl");
        var parent = FemtoLogging.GetLogger(parentName);
        var child = FemtoLogging.GetLogger(parentName + ".child");
        var grandchild = FemtoLogging.GetLogger(parentName + ".child.leaf");

        Assert.That(child.Level, Is.Null, "a new logger's level is unset");
        Assert.That(child.EffectiveLevel, Is.EqualTo(FemtoLevel.Info), "unset all the way up: root's Info");
        Assert.That(child.IsEnabled(FemtoLevel.Debug), Is.False);

        parent.Level = FemtoLevel.Debug;
        Assert.That(child.EffectiveLevel, Is.EqualTo(FemtoLevel.Debug));
        Assert.That(grandchild.EffectiveLevel, Is.EqualTo(FemtoLevel.Debug));
        Assert.That(grandchild.IsEnabled(FemtoLevel.Debug), Is.True);
        Assert.That(grandchild.IsEnabled(FemtoLevel.Trace), Is.False);

        parent.Level = FemtoLevel.Error;
        Assert.That(grandchild.IsEnabled(FemtoLevel.Warn), Is.False);
        Assert.That(grandchild.IsEnabled(FemtoLevel.Error), Is.True);

        child.Level = FemtoLevel.Trace;
        Assert.That(grandchild.EffectiveLevel, Is.EqualTo(FemtoLevel.Trace), "the nearest ancestor's level applies");
        Assert.That(parent.EffectiveLevel, Is.EqualTo(FemtoLevel.Error), "a child never changes its parent");

        child.Level = null;
        Assert.That(grandchild.EffectiveLevel, Is.EqualTo(FemtoLevel.Error), "unset again: back to inheriting");
    }

    [Test]
    public void LoggerCreatedAfterItsParentsLevelWasSetInheritsIt()
    {
        string parentName = UniqueName("late");
        FemtoLogging.GetLogger(parentName).Level = FemtoLevel.Trace;
        var child = FemtoLogging.GetLogger(parentName + ".created.later");
        Assert.That(child.EffectiveLevel, Is.EqualTo(FemtoLevel.Trace));
        Assert.That(child.IsEnabled(FemtoLevel.Trace), Is.True);
    }

    [Test]
    public void ChangingRootLevelAffectsEveryUnsetLogger()
    {
        var log = FemtoLogging.GetLogger(UniqueName("rootlvl") + ".x");
        FemtoLogging.GetLogger().Level = FemtoLevel.Critical;
        Assert.That(log.IsEnabled(FemtoLevel.Error), Is.False);
        FemtoLogging.GetLogger().Level = FemtoLevel.Trace;
        Assert.That(log.IsEnabled(FemtoLevel.Trace), Is.True);
    }

    [Test]
    public void SetLevelAcceptsNamesAndNullToInherit()
    {
        var log = FemtoLogging.GetLogger(UniqueName("setlvl"));
        log.SetLevel("warning");
        Assert.That(log.Level, Is.EqualTo(FemtoLevel.Warn));
        log.SetLevel(" debug ");
        Assert.That(log.Level, Is.EqualTo(FemtoLevel.Debug));
        log.SetLevel(null);
        Assert.That(log.Level, Is.Null);
        Assert.Throws<ArgumentException>(() => log.SetLevel("loud"));
        Assert.That(log.Level, Is.Null, "a rejected name leaves the level alone");
    }

    [Test]
    public void IsEnabledByName()
    {
        var log = FemtoLogging.GetLogger(UniqueName("byname"));
        log.Level = FemtoLevel.Warn;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(log.IsEnabled("WARNING"), Is.True);
            Assert.That(log.IsEnabled("error"), Is.True);
            Assert.That(log.IsEnabled("info"), Is.False);
        }
        var ex = Assert.Throws<ArgumentException>(() => log.IsEnabled("chatty"));
        Assert.That(ex!.Message, Does.Contain("CRITICAL"));
    }

    [Test]
    public void LogReturnsTheDefaultLineWhenTheRecordPassesAndNullWhenFiltered()
    {
        var log = NewLogger("ret");
        var handler = new CollectingHandler();
        log.AddHandler(handler);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(log.Log("INFO", "hello"), Is.EqualTo($"{log.Name} [INFO] hello"));
            Assert.That(log.Log("warning", "careful"), Is.EqualTo($"{log.Name} [WARN] careful"));
            Assert.That(log.Log(FemtoLevel.Critical, "down"), Is.EqualTo($"{log.Name} [CRITICAL] down"));
            Assert.That(log.Log("debug", "quiet"), Is.Null, "Debug is below root's Info");
            Assert.That(log.Log(FemtoLevel.Trace, "quieter"), Is.Null);
        }
        FlushOrFail(log);
        Assert.That(handler.Messages, Is.EqualTo(new[] { "hello", "careful", "down" }).AsCollection,
            "only the records that passed reach the handler");

        log.Level = FemtoLevel.Trace;
        Assert.That(log.Log("TRACE", "now"), Is.EqualTo($"{log.Name} [TRACE] now"));
    }

    [Test]
    public void LogWithUnknownLevelThrows()
    {
        var log = NewLogger("unknown");
        var ex = Assert.Throws<ArgumentException>(() => log.Log("LOUD", "x"));
        Assert.That(ex!.Message, Does.Contain("LOUD"));
        Assert.That(ex.Message, Does.Contain("DEBUG"));
    }

    [Test]
    public void LevelMethodsRespectTheLevel()
    {
        var log = NewLogger("methods");
        var handler = new CollectingHandler();
        log.AddHandler(handler);
        log.Level = FemtoLevel.Warn;
        log.Trace("t");
        log.Debug("d");
        log.Info("i");
        log.Warn("w");
        log.Error("e");
        log.Critical("c");
        FlushOrFail(log);
        Assert.That(handler.Records.Select(r => (r.Level, r.Message)), Is.EqualTo(new[]
        {
            (FemtoLevel.Warn, "w"), (FemtoLevel.Error, "e"), (FemtoLevel.Critical, "c"),
        }).AsCollection);
    }
}
