namespace Femto;

/// <summary>A configuration could not be honoured. The message names the section or key at fault.
/// A failed configuration changes nothing: the loggers and handlers in force keep working.</summary>
public class FemtoConfigException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FemtoConfigException(string message) : base(message) { }

    /// <summary>Creates the exception with the error that caused it.</summary>
    public FemtoConfigException(string message, Exception? innerException) : base(message, innerException) { }
}
