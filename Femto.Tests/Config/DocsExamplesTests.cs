using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Femto.Config;

namespace Femto.Tests.Config;

/// <summary>Every INI and JSON example in docs/configuration.md and docs/guide.md loads and validates, so the
/// documentation cannot drift from what Femto accepts.</summary>
public sealed class DocsExamplesTests : ConfigTestBase
{
    private static string DocsFile(string name, [CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "docs", name));

    [TestCase("configuration.md", 3)]
    [TestCase("guide.md", 2)]
    public void Every_ini_and_json_example_validates(string file, int atLeast)
    {
        string docs = DocsFile(file);
        if (!File.Exists(docs)) Assert.Ignore($"{docs} is not available (the tests run without the source tree)");
        var blocks = Regex.Matches(File.ReadAllText(docs), "```(ini|json)\\n(.*?)```", RegexOptions.Singleline);
        Assert.That(blocks, Has.Count.GreaterThanOrEqualTo(atLeast));
        var defaults = new Dictionary<string, string> { ["here"] = TempDir, ["logdir"] = TempDir };
        int i = 0;
        foreach (Match block in blocks)
        {
            string path = WriteFile($"example{i++}.{block.Groups[1].Value}", block.Groups[2].Value);
            var config = FemtoConfig.LoadFile(path, defaults);
            Assert.DoesNotThrow(config.Validate, $"example {i} ({block.Groups[1].Value})");
        }
    }
}
