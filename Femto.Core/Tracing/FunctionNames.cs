using System.Runtime.CompilerServices;

namespace Femto;

/// <summary>The <c>function</c> text of a timed scope: its name, or <c>name[label]</c>. The joined text is cached by
/// the two strings' identity (call sites pass the same constants), so a labelled scope does not allocate it again.</summary>
internal static class FunctionNames
{
    private const int Slots = 256;
    private static readonly Entry?[] s_recent = new Entry?[Slots];

    public static string Get(string name, string? label)
    {
        if (string.IsNullOrEmpty(label)) return name;
        int slot = (RuntimeHelpers.GetHashCode(name) * 31 + RuntimeHelpers.GetHashCode(label)) & (Slots - 1);
        var hit = s_recent[slot];
        if (hit is not null && ReferenceEquals(hit.Name, name) && ReferenceEquals(hit.Label, label)) return hit.Text;
        string text = string.Concat(name, "[", label, "]");
        s_recent[slot] = new Entry(name, label, text); // a reference store: racing writers just replace each other
        return text;
    }

    private sealed record Entry(string Name, string Label, string Text);
}
