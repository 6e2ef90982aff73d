using Femto.Tests.ChildProcesses;

namespace Femto.Tests.Config;

/// <summary><c>femto config check FILE</c>, run as a real process.</summary>
public sealed class ConfigCheckCommandTests : ConfigTestBase
{
    private static (int Code, string Out, string Err) Femto(params string[] args)
    {
        using var process = ChildApp.StartDll(ChildApp.LocateFemtoCli(), null, args);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.That(process.WaitForExit(60_000), Is.True, "femto did not exit");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    [Test]
    public void A_good_ini_file_prints_the_pipeline_and_exits_0_without_opening_files()
    {
        string ini = WriteFile("logging.ini", """
            [loggers]
            keys=root,db

            [handlers]
            keys=console,file

            [formatters]
            keys=brief

            [logger_root]
            level=WARNING
            handlers=console

            [logger_db]
            qualname=app.db
            level=DEBUG
            handlers=file
            propagate=0

            [handler_console]
            class=StreamHandler
            args=(sys.stderr,)

            [handler_file]
            class=FileHandler
            args=('%(here)s/db.log', 'a')
            kwargs={'overflow_policy': 'block', 'capacity': 2048}
            formatter=brief

            [formatter_brief]
            format=%(levelname)s %(message)s
            """);
        var (code, output, error) = Femto("config", "check", ini);
        Assert.That(code, Is.EqualTo(0), error);
        Assert.That(output, Does.Contain("root  level WARN"));
        Assert.That(output, Does.Contain("-> console: FemtoStreamHandler stderr, policy drop, capacity 1024, formatter default"));
        Assert.That(output, Does.Contain("logger app.db  level DEBUG  propagate no"));
        Assert.That(output, Does.Contain($"-> file: FemtoFileHandler {TempPath("db.log")}, policy block, capacity 2048, formatter brief"));
        Assert.That(output, Does.Contain("OK"));
        Assert.That(File.Exists(TempPath("db.log")), Is.False, "checking opens no log file");
    }

    [Test]
    public void A_bad_file_prints_the_error_with_its_section_and_key_and_exits_1()
    {
        string ini = WriteFile("bad.ini", "[loggers]\nkeys=root\n\n[handlers]\nkeys=h\n\n[logger_root]\nhandlers=h\n\n[handler_h]\nclass=FileHandler\nargs=('%(logdir)s/x.log',)\n");
        var (code, output, error) = Femto("config", "check", ini);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain("error:").And.Contain("[handler_h] args").And.Contain("%(logdir)s"));
        Assert.That(output, Is.Empty);

        var (defined, _, definedError) = Femto("config", "check", ini, "-D", "logdir=" + TempDir);
        Assert.That(defined, Is.EqualTo(0), definedError);

        string json = WriteFile("bad.json", "{ \"version\": 1, \"loggers\": { \"a\": { \"propagate\": 1 } }, \"root\": {} }");
        var (jsonCode, _, jsonError) = Femto("config", "check", json);
        Assert.That(jsonCode, Is.EqualTo(1));
        Assert.That(jsonError, Does.Contain("loggers.a.propagate"));

        Assert.That(Femto("config", "check", TempPath("missing.ini")).Code, Is.EqualTo(1));
        Assert.That(Femto("config", "lint").Code, Is.EqualTo(2));
    }
}
