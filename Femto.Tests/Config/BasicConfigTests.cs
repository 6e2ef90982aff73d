using Femto.Config;
using Femto.Handlers;

namespace Femto.Tests.Config;

/// <summary>FemtoConfig.BasicConfig: one call to give the root logger a level and a handler.</summary>
public sealed class BasicConfigTests : FemtoTestBase
{
    private static FemtoLogger Root => FemtoLogging.GetLogger();

    [TearDown]
    public void CloseRootHandlers()
    {
        foreach (var h in Root.Handlers.OfType<FemtoHandler>()) h.Close();
    }

    [Test]
    public void Filename_attaches_a_file_handler_and_sets_the_level()
    {
        string path = TempPath("logs", "app.log");
        FemtoConfig.BasicConfig(level: "debug", filename: path);

        Assert.That(Root.Level, Is.EqualTo(FemtoLevel.Debug));
        Assert.That(Root.Handlers.Single(), Is.InstanceOf<FemtoFileHandler>());
        var child = FemtoLogging.GetLogger(UniqueName("basic"));
        child.Debug("to the file");
        Assert.That(FemtoLogging.Flush(Patience), Is.True);
        Assert.That(File.ReadAllText(path), Is.EqualTo($"{child.Name} [DEBUG] to the file\n"));
    }

    [Test]
    public void Any_text_writer_can_be_the_stream()
    {
        var writer = new StringWriter();
        FemtoConfig.BasicConfig(FemtoLevel.Warn, stream: writer);

        var log = FemtoLogging.GetLogger(UniqueName("basic"));
        log.Info("filtered");
        log.Warn("kept");
        Assert.That(FemtoLogging.Flush(Patience), Is.True);
        Assert.That(writer.ToString(), Is.EqualTo($"{log.Name} [WARN] kept\n"));
    }

    [Test]
    public void Filename_stream_and_handlers_are_mutually_exclusive()
    {
        Assert.Throws<ArgumentException>(() => FemtoConfig.BasicConfig(filename: TempPath("a.log"), stream: new StringWriter()));
        Assert.Throws<ArgumentException>(() => FemtoConfig.BasicConfig(filename: TempPath("a.log"), handlers: [new CollectingHandler()]));
        Assert.Throws<ArgumentException>(() => FemtoConfig.BasicConfig(stream: new StringWriter(), handlers: [new CollectingHandler()]));
        Assert.That(Root.Handlers, Is.Empty, "a rejected call changes nothing");
        Assert.That(File.Exists(TempPath("a.log")), Is.False);
    }

    [Test]
    public void Unknown_level_is_rejected_and_changes_nothing()
    {
        var ex = Assert.Throws<ArgumentException>(() => FemtoConfig.BasicConfig(level: "LOUD", stream: new StringWriter()));
        Assert.That(ex!.Message, Does.Contain("LOUD"));
        Assert.That(Root.Handlers, Is.Empty);
        Assert.That(Root.Level, Is.EqualTo(FemtoLevel.Info));
    }

    [Test]
    public void Existing_root_handlers_are_kept_unless_forced()
    {
        var first = new CollectingHandler();
        FemtoConfig.BasicConfig(handlers: [first]);
        FemtoConfig.BasicConfig(level: "ERROR", stream: new StringWriter());
        Assert.That(Root.Handlers, Is.EqualTo(new IFemtoHandler[] { first }), "without force the handlers stay");
        Assert.That(Root.Level, Is.EqualTo(FemtoLevel.Error), "the level is applied either way");

        var file = new FileHandlerBuilder(TempPath("old.log")).Build();
        FemtoConfig.BasicConfig(handlers: [file], force: true);
        var writer = new StringWriter();
        FemtoConfig.BasicConfig(stream: writer, force: true);
        Assert.That(Root.Handlers.Single(), Is.Not.SameAs(file));
        Assert.That(file.IsClosed, Is.True, "force closes the built-in handlers it replaces");
    }
}
