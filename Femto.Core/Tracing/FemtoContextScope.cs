namespace Femto;

/// <summary>A context scope pushed by <see cref="FemtoContext.Push"/>. Dispose it to restore the key-values in force
/// before; disposing again, or disposing a copy, does nothing.</summary>
public readonly struct FemtoContextScope : IDisposable
{
    private readonly AmbientPush _push;

    internal FemtoContextScope(AmbientPush push) => _push = push;

    /// <summary>Ends the scope: its key-values no longer reach records, in this flow or any forked from it. Scopes
    /// still open inside it in this flow are taken out with it.</summary>
    public void Dispose() => AmbientFrame.Exit(in _push);
}
