namespace Femto.Handlers;

/// <summary>Which standard stream a <see cref="FemtoStreamHandler"/> writes to.</summary>
public enum ConsoleTarget
{
    /// <summary>Standard error (the default, as in the seed).</summary>
    Stderr,
    /// <summary>Standard output.</summary>
    Stdout,
}
