namespace Femto.Tests.Support;

/// <summary>A handler that throws <see cref="InvalidOperationException"/> on every <c>n</c>-th record it receives
/// (the n-th, 2n-th, ...). Counts calls and throws.</summary>
public sealed class ThrowingHandler(int everyNth) : IFemtoHandler
{
    /// <summary>The text every thrown exception carries.</summary>
    public const string FailureText = "deliberate handler failure";

    private int _calls;
    private int _throws;

    /// <summary>Records received (thrown on or not).</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Exceptions thrown so far.</summary>
    public int Throws => Volatile.Read(ref _throws);

    /// <inheritdoc/>
    public void Handle(string logger, FemtoLevel level, string message)
    {
        int n = Interlocked.Increment(ref _calls);
        if (n % everyNth == 0)
        {
            Interlocked.Increment(ref _throws);
            throw new InvalidOperationException($"{FailureText} #{n}");
        }
    }
}
