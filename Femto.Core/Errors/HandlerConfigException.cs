namespace Femto;

/// <summary>A handler's options contradict each other (for example TLS with a Unix socket path).</summary>
public class HandlerConfigException : FemtoConfigException
{
    /// <summary>Creates the exception.</summary>
    public HandlerConfigException(string message) : base(message) { }

    /// <summary>Creates the exception with the error that caused it.</summary>
    public HandlerConfigException(string message, Exception? innerException) : base(message, innerException) { }
}
