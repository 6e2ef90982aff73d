namespace Femto.Config;

/// <summary>One entry of the handler class table: the Femto class built, the parameters it takes, and how bound
/// arguments become a <see cref="HandlerDefinition"/> (which builds through the typed builder — never reflection).</summary>
internal sealed class HandlerKind(string femtoClass, HandlerParameters parameters, Func<HandlerArguments, HandlerContext, HandlerDefinition> create)
{
    /// <summary>The Femto type built, e.g. <c>FemtoFileHandler</c>.</summary>
    public string FemtoClass { get; } = femtoClass;

    public HandlerParameters Parameters { get; } = parameters;

    /// <summary>Reads and validates the options, then returns the definition (or throws).</summary>
    public Func<HandlerArguments, HandlerContext, HandlerDefinition> Create { get; } = create;
}
