using System.Text;

namespace Femto.Tests.Handlers;

/// <summary>The append fallback for systems without O_APPEND: each write seeks to the file's current end first.</summary>
public sealed class EndSeekingStreamTests : FemtoTestBase
{
    private static FileStream Open(string path) =>
        new(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);

    [Test]
    public void WritesLandAtTheCurrentEndAfterOtherWritersAndTruncation()
    {
        string path = TempPath("fallback.log");
        var gate = new object();
        using var a = new EndSeekingStream(Open(path), gate);
        using var b = new EndSeekingStream(Open(path), gate);
        a.Write("a1\n"u8);
        b.Write("b1\n"u8);
        a.Write("a2\n"u8);
        Assert.That(File.ReadAllText(path, Encoding.UTF8), Is.EqualTo("a1\nb1\na2\n"), "nothing overwritten");
        Assert.That(a.Length, Is.EqualTo(9));

        using (var truncate = Open(path)) truncate.SetLength(0);
        b.Write("b2\n"u8);
        Assert.That(File.ReadAllText(path, Encoding.UTF8), Is.EqualTo("b2\n"), "no run of NUL bytes after a truncation");
    }
}
