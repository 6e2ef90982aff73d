namespace Femto.Tests.Handlers.Rotating;

/// <summary>Rotation's renames never replace an existing file (the race two rotating processes would otherwise lose
/// a backup to).</summary>
public sealed class BackupRenameTests : FemtoTestBase
{
    [Test]
    public void RenamingOntoAnExistingFileFailsAndKeepsBoth()
    {
        string from = TempPath("app.log"), to = TempPath("app.log.1");
        File.WriteAllText(from, "live\n");
        File.WriteAllText(to, "backup\n");
        Assert.Throws<IOException>(() => BackupRename.Move(from, to));
        Assert.That(File.ReadAllText(from), Is.EqualTo("live\n"));
        Assert.That(File.ReadAllText(to), Is.EqualTo("backup\n"));
    }

    [Test]
    public void RenamingToAFreeNameMovesTheFile()
    {
        string from = TempPath("app.log"), to = TempPath("app.log.1");
        File.WriteAllText(from, "live\n");
        BackupRename.Move(from, to);
        Assert.That(File.Exists(from), Is.False);
        Assert.That(File.ReadAllText(to), Is.EqualTo("live\n"));
        Assert.Throws<FileNotFoundException>(() => BackupRename.Move(from, TempPath("app.log.2")));
    }
}
