using System.Reflection;
using System.Runtime.CompilerServices;
using PublicApiGenerator;

namespace Femto.Tests.PublicApi;

/// <summary>The public API of Femto.Core, Femto.Handlers, Femto.Config, Femto.Dashboard and Femto.Extensions.Logging against approved snapshots, so a public type, member or
/// dependency never appears or changes unnoticed.</summary>
public sealed class PublicApiTests
{
    private static IEnumerable<TestCaseData> Assemblies()
    {
        yield return new TestCaseData(typeof(FemtoLogger).Assembly).SetArgDisplayNames("Femto.Core");
        yield return new TestCaseData(typeof(FemtoFileHandler).Assembly).SetArgDisplayNames("Femto.Handlers");
        yield return new TestCaseData(typeof(Femto.Config.ConfigBuilder).Assembly).SetArgDisplayNames("Femto.Config");
        yield return new TestCaseData(typeof(Femto.Dashboard.FemtoDashboard).Assembly).SetArgDisplayNames("Femto.Dashboard");
        yield return new TestCaseData(typeof(Femto.Extensions.Logging.FemtoLoggerProvider).Assembly).SetArgDisplayNames("Femto.Extensions.Logging");
    }

    [TestCaseSource(nameof(Assemblies))]
    public void PublicApiMatchesTheApprovedSnapshot(Assembly assembly)
    {
        string name = assembly.GetName().Name!;
        string actual = Normalize(assembly.GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false }));

        // The approved file is copied next to the test assembly; received files go to the source folder when it
        // exists (a developer's checkout), else next to the test assembly.
        string approvedPath = Path.Combine(AppContext.BaseDirectory, "PublicApi", name + ".approved.txt");
        string sourceDir = SourceDirectory();
        string receivedDir = Directory.Exists(sourceDir) ? sourceDir : Path.Combine(AppContext.BaseDirectory, "PublicApi");
        string receivedPath = Path.Combine(receivedDir, name + ".received.txt");

        string? approved = File.Exists(approvedPath) ? Normalize(File.ReadAllText(approvedPath)) : null;
        if (approved == actual)
        {
            if (File.Exists(receivedPath)) File.Delete(receivedPath);
            return;
        }

        Directory.CreateDirectory(receivedDir);
        File.WriteAllText(receivedPath, actual);
        string approveTo = Path.Combine(sourceDir, name + ".approved.txt");
        Assert.Fail(
            (approved is null ? $"No approved public API for {name}." : $"The public API of {name} changed.") +
            $"\nReceived: {receivedPath}\nIf the change is intended, approve it:\n    mv \"{receivedPath}\" \"{approveTo}\"\n" +
            "and commit the approved file." + (approved is null ? "" : "\nFirst difference:\n" + FirstDifference(approved, actual)));
    }

    private static string SourceDirectory([CallerFilePath] string thisFile = "") => Path.GetDirectoryName(thisFile) ?? "";

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd() + "\n";

    private static string FirstDifference(string approved, string actual)
    {
        var a = approved.Split('\n');
        var b = actual.Split('\n');
        for (int i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            string left = i < a.Length ? a[i] : "<end>";
            string right = i < b.Length ? b[i] : "<end>";
            if (left != right) return $"  line {i + 1}\n  approved: {left}\n  received: {right}";
        }
        return "  (whitespace only)";
    }
}
