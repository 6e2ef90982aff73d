namespace Femto;

/// <summary>A pushed <see cref="AmbientFrame"/> and the execution contexts just before and after the push, so the
/// pop can restore the earlier context instead of building a new one.</summary>
internal readonly struct AmbientPush(AmbientFrame frame, ExecutionContext? before, ExecutionContext? after)
{
    public readonly AmbientFrame? Frame = frame;
    public readonly ExecutionContext? Before = before;
    public readonly ExecutionContext? After = after;
}
