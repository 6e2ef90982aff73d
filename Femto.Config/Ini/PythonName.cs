namespace Femto.Config;

/// <summary>One of the few names a Python literal in <c>args</c>/<c>kwargs</c> may use besides literals:
/// <c>sys.stdout</c> and <c>sys.stderr</c> (the standard streams). Nothing is ever evaluated.</summary>
internal sealed class PythonName
{
    private PythonName(string name) => Name = name;

    /// <summary><c>sys.stdout</c>.</summary>
    public static PythonName Stdout { get; } = new("sys.stdout");

    /// <summary><c>sys.stderr</c>.</summary>
    public static PythonName Stderr { get; } = new("sys.stderr");

    public string Name { get; }

    public override string ToString() => Name;
}
