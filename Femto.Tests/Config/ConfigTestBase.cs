using Femto.Config;

namespace Femto.Tests.Config;

/// <summary>Base of configuration tests: closes every built-in handler a configuration attached before the
/// registry is reset (configurations build handlers the test never sees), and offers file helpers.</summary>
public abstract class ConfigTestBase : FemtoTestBase
{
    [TearDown]
    public void CloseConfiguredHandlers()
    {
        foreach (var handler in FemtoLogging.GetLoggers().SelectMany(l => l.Handlers).OfType<FemtoHandler>().Distinct())
            handler.Close();
    }

    /// <summary>Writes <paramref name="text"/> to a file in the test's directory and returns its path.</summary>
    protected string WriteFile(string name, string text)
    {
        string path = TempPath(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Flushes everything and returns the lines of a log file (none if it does not exist).</summary>
    protected static string[] LinesOf(string path)
    {
        Assert.That(FemtoLogging.Flush(Patience), Is.True, "FemtoLogging.Flush did not finish");
        if (!File.Exists(path)) return [];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Python's <c>{'key': 'value'}</c> for a C# tree, in a readable one-liner.</summary>
    protected static Dictionary<string, object?> Tree(params (string Key, object? Value)[] entries) =>
        entries.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
}
