namespace Femto.Tests.Handlers.Rotating;

/// <summary>Rotation settings given to constructors and builders: out-of-range values name the parameter, impossible
/// combinations are configuration errors from the constructor or Build() (never from a setter), and a rejected
/// handler creates no file.</summary>
public sealed class RotationValidationTests : FemtoTestBase
{
    private static IEnumerable<TestCaseData> OutOfRange()
    {
        static TestCaseData Case(string name, string param, Func<string, object> make) =>
            new TestCaseData(make, param).SetArgDisplayNames(name);

        yield return Case("Rotation=(-1,5)", "maxBytes", p => new FemtoRotatingFileHandler(p, new HandlerOptions { Rotation = (-1, 5) }));
        yield return Case("Rotation=(10,-1)", "backupCount", p => new FemtoRotatingFileHandler(p, new HandlerOptions { Rotation = (10, -1) }));
        yield return Case("Capacity=0", "capacity", p => new FemtoRotatingFileHandler(p, new HandlerOptions { Capacity = 0 }));
        yield return Case("FlushInterval=-1", "flushInterval", p => new FemtoRotatingFileHandler(p, new HandlerOptions { FlushInterval = -1 }));
        yield return Case("WithMaxBytes(0)", "maxBytes", p => new RotatingFileHandlerBuilder(p).WithMaxBytes(0));
        yield return Case("WithMaxBytes(-1)", "maxBytes", p => new RotatingFileHandlerBuilder(p).WithMaxBytes(-1));
        yield return Case("WithBackupCount(0)", "backupCount", p => new RotatingFileHandlerBuilder(p).WithBackupCount(0));
        yield return Case("size WithMaxAge(0)", "maxAge", p => new RotatingFileHandlerBuilder(p).WithMaxAge(TimeSpan.Zero));
        yield return Case("Timed Interval=0", "interval", p => new FemtoTimedRotatingFileHandler(p, new TimedHandlerOptions { Interval = 0 }));
        yield return Case("Timed BackupCount=-1", "backupCount", p => new FemtoTimedRotatingFileHandler(p, new TimedHandlerOptions { BackupCount = -1 }));
        yield return Case("Timed Capacity=-1", "capacity", p => new FemtoTimedRotatingFileHandler(p, new TimedHandlerOptions { Capacity = -1 }));
        yield return Case("WithInterval(0)", "interval", p => new TimedRotatingFileHandlerBuilder(p).WithInterval(0));
        yield return Case("WithBackupCount(-1)", "backupCount", p => new TimedRotatingFileHandlerBuilder(p).WithBackupCount(-1));
        yield return Case("timed WithMaxAge(-1s)", "maxAge", p => new TimedRotatingFileHandlerBuilder(p).WithMaxAge(TimeSpan.FromSeconds(-1)));
        yield return Case("MaxAge=0 in settings", "maxAge", p => new FemtoTimedRotatingFileHandler(p, new TextSinkSettings(), new TimedRotation { MaxAge = TimeSpan.Zero }));
    }

    [TestCaseSource(nameof(OutOfRange))]
    public void OutOfRangeValuesNameTheParameter(Func<string, object> make, string param)
    {
        string path = TempPath("v.log");
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => make(path));
        Assert.That(ex!.ParamName, Is.EqualTo(param));
        Assert.That(File.Exists(path), Is.False, "a rejected handler must not create the file");
    }

    private static IEnumerable<TestCaseData> Impossible()
    {
        static TestCaseData Case(string name, Func<string, object> make) => new TestCaseData(make).SetArgDisplayNames(name);
        yield return Case("Rotation=(1024,0)", p => new FemtoRotatingFileHandler(p, new HandlerOptions { Rotation = (1024, 0) }));
        yield return Case("Rotation=(0,3)", p => new FemtoRotatingFileHandler(p, new HandlerOptions { Rotation = (0, 3) }));
        yield return Case("MaxBytes only", p => new RotatingFileHandlerBuilder(p).WithMaxBytes(1024).Build());
        yield return Case("BackupCount only", p => new RotatingFileHandlerBuilder(p).WithBackupCount(3).Build());
        yield return Case("AtTime with H (options)", p => new FemtoTimedRotatingFileHandler(p, new TimedHandlerOptions { When = "H", AtTime = new TimeOnly(1, 0) }));
        yield return Case("AtTime with S (builder)", p => new TimedRotatingFileHandlerBuilder(p).WithAtTime(new TimeOnly(1, 0)).WithWhen("s").Build());
        yield return Case("AtTime with M (builder)", p => new TimedRotatingFileHandlerBuilder(p).WithWhen("M").WithAtTime(new TimeOnly(1, 0)).Build());
    }

    [TestCaseSource(nameof(Impossible))]
    public void ImpossibleCombinationsAreConfigErrorsAtBuild(Func<string, object> make)
    {
        string path = TempPath("c.log");
        Assert.Throws<HandlerConfigException>(() => make(path));
        Assert.That(File.Exists(path), Is.False);
    }

    [Test]
    public void SettersNeverThrowForCombinations()
    {
        var builder = new TimedRotatingFileHandlerBuilder(TempPath("s.log"));
        Assert.DoesNotThrow(() => builder.WithWhen("H").WithAtTime(new TimeOnly(2, 0)), "AtTime is checked against When by Build()");
        Assert.DoesNotThrow(() => new RotatingFileHandlerBuilder(TempPath("s.log")).WithMaxBytes(10));
    }

    [TestCase("X")]
    [TestCase("W9")]
    [TestCase("")]
    public void UnknownWhenIsAnArgumentException(string when)
    {
        string path = TempPath("w.log");
        var ex = Assert.Throws<ArgumentException>(() => new TimedRotatingFileHandlerBuilder(path).WithWhen(when));
        Assert.That(ex!.ParamName, Is.EqualTo("when"));
        ex = Assert.Throws<ArgumentException>(() => new FemtoTimedRotatingFileHandler(path, new TimedHandlerOptions { When = when }));
        Assert.That(ex!.Message, Does.Contain($"'{when}'"));
        Assert.That(File.Exists(path), Is.False);
    }

    [Test]
    public void BadPolicyTextIsAnArgumentExceptionQuotingIt()
    {
        var ex = Assert.Throws<ArgumentException>(() => new FemtoRotatingFileHandler(TempPath("p.log"), new HandlerOptions { Policy = "timeout:0" }));
        Assert.That(ex!.Message, Does.Contain("'timeout:0'"));
        Assert.Throws<ArgumentException>(() => new FemtoTimedRotatingFileHandler(TempPath("p.log"), new TimedHandlerOptions { Policy = "fast" }));
    }

    [Test]
    public void ClosedRotatingHandlersBehaveAsClosedHandlers()
    {
        string path = TempPath("closed.log");
        var handler = new RotatingFileHandlerBuilder(path).WithMaxBytes(100).WithBackupCount(2).Build();
        handler.Handle("c", FemtoLevel.Info, "before");
        handler.Close();
        Assert.DoesNotThrow(() => handler.Close());
        Assert.That(handler.Flush(), Is.False);
        Assert.Throws<ObjectDisposedException>(() => handler.Handle("c", FemtoLevel.Info, "after"));
        Assert.That(File.ReadAllText(path), Is.EqualTo("c [INFO] before\n"));
    }
}
