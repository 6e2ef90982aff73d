namespace Femto;

/// <summary>A thread's scope state: a few ended scope states kept for the next scopes it starts, so a recorded scope
/// allocates no state once warm, and the thread's id generator. A scope ended on another thread (after an
/// <c>await</c>) goes to that thread's pool; each pool is bounded.</summary>
internal sealed class ScopePool
{
    private const int Capacity = 8;
    [ThreadStatic] private static ScopePool? t_pool;

    private readonly ScopeState?[] _free = new ScopeState?[Capacity];
    private int _count;
    private IdSource _ids = IdSource.Seeded();

    /// <summary>This thread's pool.</summary>
    public static ScopePool Current => t_pool ??= new ScopePool();

    /// <summary>This thread's id generator.</summary>
    public ref IdSource Ids => ref _ids;

    public ScopeState Take()
    {
        if (_count == 0) return new ScopeState();
        int i = --_count;
        var state = _free[i]!;
        _free[i] = null;
        return state;
    }

    public void Return(ScopeState state)
    {
        if (_count < Capacity) _free[_count++] = state;
    }
}
