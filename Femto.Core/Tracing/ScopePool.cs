namespace Femto;

/// <summary>Each thread keeps a few ended scope states for the next scopes it starts, so a recorded scope allocates
/// no state once warm. A scope ended on another thread (after an <c>await</c>) goes to that thread's pool; each pool
/// is bounded.</summary>
internal sealed class ScopePool
{
    private const int Capacity = 8;
    [ThreadStatic] private static ScopePool? t_pool;

    private readonly ScopeState?[] _free = new ScopeState?[Capacity];
    private int _count;

    public static ScopeState Take()
    {
        var pool = t_pool ??= new ScopePool();
        if (pool._count == 0) return new ScopeState();
        int i = --pool._count;
        var state = pool._free[i]!;
        pool._free[i] = null;
        return state;
    }

    public static void Return(ScopeState state)
    {
        var pool = t_pool ??= new ScopePool();
        if (pool._count < Capacity) pool._free[pool._count++] = state;
    }
}
