using System.Text.RegularExpressions;
using Femto.Tests.ChildProcesses;

namespace Femto.Tests.Handlers.Rotating;

/// <summary>Two real processes appending to and rotating one file: no line torn, none lost, no crash.</summary>
[Platform(Include = "Linux", Reason = "atomic appends and no-replace renames are set up on Linux")]
public sealed partial class MultiProcessRotationTests : FemtoTestBase
{
    private const int Lines = 50_000;

    [GeneratedRegex(@"^child \[INFO\] (a|b) line (\d+)$")]
    private static partial Regex LineShape();

    [Test]
    public void TwoProcessesRotatingOneFileTearAndLoseNothing()
    {
        string path = TempPath("shared", "app.log");
        using var a = ChildApp.Start(path, Lines.ToString(System.Globalization.CultureInfo.InvariantCulture), "--rotate", "32768", "--tag", "a");
        using var b = ChildApp.Start(path, Lines.ToString(System.Globalization.CultureInfo.InvariantCulture), "--rotate", "32768", "--tag", "b");
        var errors = new[] { a.StandardError.ReadToEndAsync(), b.StandardError.ReadToEndAsync() };
        Assert.That(a.WaitForExit(TimeSpan.FromSeconds(60)) & b.WaitForExit(TimeSpan.FromSeconds(60)), Is.True, "both processes finish");
        Assert.That((a.ExitCode, b.ExitCode), Is.EqualTo((0, 0)), $"a: {errors[0].Result}\nb: {errors[1].Result}");

        var seen = new Dictionary<string, List<int>> { ["a"] = [], ["b"] = [] };
        foreach (string name in LogDir.Names(path))
        {
            foreach (string line in LogDir.Lines(LogDir.Sibling(path, name)))
            {
                var m = LineShape().Match(line);
                Assert.That(m.Success, Is.True, $"torn or foreign line '{line}' in {name}");
                seen[m.Groups[1].Value].Add(int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        foreach (var (tag, numbers) in seen)
            Assert.That(numbers.Order(), Is.EqualTo(Enumerable.Range(0, Lines)).AsCollection, $"process {tag}: every line exactly once");
        Assert.That(LogDir.Backups(path), Is.Not.Empty, "the file rotated");
    }
}
