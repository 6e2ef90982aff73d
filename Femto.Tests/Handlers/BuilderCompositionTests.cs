using System.Text;

namespace Femto.Tests.Handlers;

/// <summary>Builders compose: the options every file-like handler has live once in a generic base that a
/// third-party handler's builder reuses, closed only at the leaf.</summary>
public sealed class BuilderCompositionTests : FemtoTestBase
{
    /// <summary>A third-party handler on the public base: upper-cases every line, writing to a file.</summary>
    private sealed class ShoutingFileHandler(string path, TextSinkSettings settings) : TextSinkHandler("shouting '" + path + "'", settings)
    {
        private readonly FileStream _file = new(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);

        protected override Stream Output => _file;

        protected override void BeforeCommit(int length) => Lines++;

        public int Lines { get; private set; }
    }

    /// <summary>Its builder: one line of its own, every file option inherited.</summary>
    private sealed class ShoutingFileHandlerBuilder(string path) : FileHandlerBuilderBase<ShoutingFileHandlerBuilder>(path)
    {
        public ShoutingFileHandler Build() => new(Path, SinkSettings);
    }

    [Test]
    public void AThirdPartyBuilderGetsEveryFileOptionAndChainsWithItsOwnType()
    {
        string path = TempPath("shout.log");
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        ShoutingFileHandlerBuilder builder = new ShoutingFileHandlerBuilder(path)
            .WithCapacity(64)
            .WithOverflowPolicy(OverflowPolicy.Block)
            .WithFormatter(r => r.Message.ToUpperInvariant())
            .WithLevel(FemtoLevel.Warn)
            .WithFlushInterval(3)
            .WithIdleFlushInterval(TimeSpan.FromMinutes(5))
            .WithTimeProvider(clock);
        var handler = Track(builder.Build());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(handler.Capacity, Is.EqualTo(64));
            Assert.That(handler.OverflowPolicy, Is.SameAs(OverflowPolicy.Block));
            Assert.That(handler.MinimumLevel, Is.EqualTo(FemtoLevel.Warn));
            Assert.That(handler.FlushInterval, Is.EqualTo(3));
            Assert.That(handler.IdleFlushInterval, Is.EqualTo(TimeSpan.FromMinutes(5)));
            Assert.That(handler.TimeProvider, Is.SameAs(clock));
        }
        handler.Handle("x", FemtoLevel.Info, "quiet");
        handler.Handle("x", FemtoLevel.Error, "loud");
        Assert.That(handler.Flush(Patience), Is.True);
        Assert.That(File.ReadAllText(path, Encoding.UTF8), Is.EqualTo("LOUD\n"));
        Assert.That(handler.Lines, Is.EqualTo(1));
    }

    [Test]
    public void BuiltInBuildersShareTheSameOptionTypes()
    {
        // One WithIdleFlushInterval and one WithFlushInterval, declared on the shared base, for stream and file builders alike.
        var fileMethod = typeof(FileHandlerBuilder).GetMethod(nameof(FileHandlerBuilder.WithIdleFlushInterval))!;
        var streamMethod = typeof(StreamHandlerBuilder).GetMethod(nameof(StreamHandlerBuilder.WithIdleFlushInterval))!;
        Assert.That(fileMethod.DeclaringType!.GetGenericTypeDefinition(), Is.EqualTo(typeof(TextSinkHandlerBuilder<>)));
        Assert.That(streamMethod.DeclaringType!.GetGenericTypeDefinition(), Is.EqualTo(typeof(TextSinkHandlerBuilder<>)));
        Assert.That(typeof(FileHandlerBuilder).IsSealed, Is.True, "closed only at the leaf");
    }

    [Test]
    public void SettingsObjectValidatesNamingTheParameter()
    {
        string path = TempPath("settings.log");
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new FemtoFileHandler(path, new TextSinkSettings { FlushInterval = 0 }));
        Assert.That(ex!.ParamName, Is.EqualTo("flushInterval"));
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => new FemtoFileHandler(path, new TextSinkSettings { Handler = new HandlerSettings { Capacity = -1 } }));
        Assert.That(ex!.ParamName, Is.EqualTo("Capacity"));
        Assert.That(File.Exists(path), Is.False, "a rejected handler creates no file");
    }
}
