namespace Femto.Tests.Handlers;

/// <summary>Sizes, times and policy text given to constructors, builders and OverflowPolicy.</summary>
public sealed class ValidationTests : FemtoTestBase
{
    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(int.MinValue)]
    public void FileHandlerConstructorRejectsNonPositiveCapacity(int value)
    {
        string path = TempPath("v.log");
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new FemtoFileHandler(path, capacity: value));
        Assert.That(ex!.ParamName, Is.EqualTo("capacity"));
        Assert.That(File.Exists(path), Is.False, "a rejected handler must not create the file");
    }

    [TestCase(0)]
    [TestCase(-5)]
    public void FileHandlerConstructorRejectsNonPositiveFlushInterval(int value)
    {
        string path = TempPath("v.log");
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new FemtoFileHandler(path, flushInterval: value));
        Assert.That(ex!.ParamName, Is.EqualTo("flushInterval"));
        Assert.That(File.Exists(path), Is.False, "a rejected handler must not create the file");
    }

    [TestCase("")]
    [TestCase("fast")]
    [TestCase("timeout:0")]
    [TestCase("timeout:-1")]
    [TestCase("timeout")]
    public void FileHandlerConstructorRejectsBadPolicyText(string policy)
    {
        string path = TempPath("v.log");
        var ex = Assert.Throws<ArgumentException>(() => new FemtoFileHandler(path, policy: policy));
        Assert.That(ex, Is.Not.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(ex!.Message, Does.Contain($"'{policy}'"), "the message quotes the text");
        Assert.That(ex.ParamName, Is.EqualTo("policy"));
    }

    [TestCase(" BLOCK ", "block")]
    [TestCase("Timeout:20", "timeout:20")]
    [TestCase("drop", "drop")]
    public void FileHandlerConstructorAcceptsPolicyText(string policy, string canonical)
    {
        var file = Track(new FemtoFileHandler(TempPath("ok.log"), policy: policy));
        Assert.That(file.OverflowPolicy.ToString(), Is.EqualTo(canonical));
    }

    [Test]
    public void FileHandlerRejectsEmptyPath()
    {
        Assert.Throws<ArgumentException>(() => new FemtoFileHandler(" "));
        Assert.Throws<ArgumentNullException>(() => new FemtoFileHandler(null!));
        Assert.Throws<ArgumentException>(() => new FileHandlerBuilder(""));
    }

    private static IEnumerable<TestCaseData> BuilderSetters()
    {
        foreach (int bad in new[] { 0, -1 })
        {
            yield return new TestCaseData(new Action(() => new FileHandlerBuilder("x.log").WithCapacity(bad)), "capacity")
                .SetArgDisplayNames($"File.WithCapacity({bad})");
            yield return new TestCaseData(new Action(() => new FileHandlerBuilder("x.log").WithFlushInterval(bad)), "records|flushInterval")
                .SetArgDisplayNames($"File.WithFlushInterval({bad})");
            yield return new TestCaseData(new Action(() => new FileHandlerBuilder("x.log").WithFlushTimeoutMs(bad)), "timeoutMs")
                .SetArgDisplayNames($"File.WithFlushTimeoutMs({bad})");
            yield return new TestCaseData(new Action(() => new FileHandlerBuilder("x.log").WithFlushTimeout(TimeSpan.FromMilliseconds(bad))), "timeout")
                .SetArgDisplayNames($"File.WithFlushTimeout({bad} ms)");
            yield return new TestCaseData(new Action(() => new FileHandlerBuilder("x.log").WithIdleFlushInterval(TimeSpan.FromMilliseconds(bad))), "interval")
                .SetArgDisplayNames($"File.WithIdleFlushInterval({bad} ms)");
            yield return new TestCaseData(new Action(() => StreamHandlerBuilder.Stderr().WithCapacity(bad)), "capacity")
                .SetArgDisplayNames($"Stream.WithCapacity({bad})");
            yield return new TestCaseData(new Action(() => StreamHandlerBuilder.Stdout().WithFlushTimeoutMs(bad)), "timeoutMs")
                .SetArgDisplayNames($"Stream.WithFlushTimeoutMs({bad})");
            yield return new TestCaseData(new Action(() => StreamHandlerBuilder.Stdout().WithFlushInterval(bad)), "records")
                .SetArgDisplayNames($"Stream.WithFlushInterval({bad})");
            yield return new TestCaseData(new Action(() => StreamHandlerBuilder.Stdout().WithIdleFlushInterval(TimeSpan.FromMilliseconds(bad))), "interval")
                .SetArgDisplayNames($"Stream.WithIdleFlushInterval({bad} ms)");
            yield return new TestCaseData(new Action(() => OverflowPolicy.Timeout(TimeSpan.FromMilliseconds(bad))), "timeout")
                .SetArgDisplayNames($"OverflowPolicy.Timeout({bad} ms)");
            yield return new TestCaseData(new Action(() => OverflowPolicy.TimeoutMs(bad)), "timeoutMs")
                .SetArgDisplayNames($"OverflowPolicy.TimeoutMs({bad})");
        }
    }

    [TestCaseSource(nameof(BuilderSetters))]
    public void SettersRejectZeroAndNegativeNamingTheParameter(Action call, string paramNames)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(call);
        Assert.That(paramNames.Split('|'), Does.Contain(ex!.ParamName), $"ParamName was '{ex.ParamName}'");
    }

    [TestCase("drop", OverflowKind.Drop, 0)]
    [TestCase("DROP", OverflowKind.Drop, 0)]
    [TestCase("  Drop\t", OverflowKind.Drop, 0)]
    [TestCase("block", OverflowKind.Block, -1)]
    [TestCase("Block ", OverflowKind.Block, -1)]
    [TestCase("timeout:1", OverflowKind.Timeout, 1)]
    [TestCase("TIMEOUT:250", OverflowKind.Timeout, 250)]
    [TestCase(" timeout:5000 ", OverflowKind.Timeout, 5000)]
    public void PolicyTextParses(string text, OverflowKind kind, int timeoutMs)
    {
        var policy = OverflowPolicy.Parse(text);
        Assert.That(policy.Kind, Is.EqualTo(kind));
        if (kind == OverflowKind.Timeout)
        {
            Assert.That(policy.TimeoutValue, Is.EqualTo(TimeSpan.FromMilliseconds(timeoutMs)));
            Assert.That(policy, Is.EqualTo(OverflowPolicy.Timeout(TimeSpan.FromMilliseconds(timeoutMs))));
        }
        else
        {
            Assert.That(policy, Is.SameAs(kind == OverflowKind.Drop ? OverflowPolicy.Drop : OverflowPolicy.Block));
        }
        Assert.That(OverflowPolicy.Parse(policy.ToString()), Is.EqualTo(policy), "ToString round-trips");
    }

    [TestCase("")]
    [TestCase("   ")]
    [TestCase("dropp")]
    [TestCase("blocking")]
    [TestCase("timeout")]
    [TestCase("timeout:")]
    [TestCase("timeout:0")]
    [TestCase("timeout:-10")]
    [TestCase("timeout:1.5")]
    [TestCase("timeout:abc")]
    [TestCase("timeout:99999999999")]
    [TestCase("wait:5")]
    public void PolicyTextRejectsGarbageQuotingIt(string text)
    {
        var ex = Assert.Throws<ArgumentException>(() => OverflowPolicy.Parse(text));
        Assert.That(ex, Is.Not.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(ex!.Message, Does.Contain($"'{text}'"));
    }

    [Test]
    public void PolicyTextRejectsNull()
    {
        Assert.Throws<ArgumentNullException>(() => OverflowPolicy.Parse(null!));
    }

    [Test]
    public void LoggerOverflowPolicyRejectsNull()
    {
        var log = NewLogger("nullpolicy");
        Assert.Throws<ArgumentNullException>(() => log.OverflowPolicy = null!);
    }
}
