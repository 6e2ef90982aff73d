namespace Femto.Config;

/// <summary>What a handler entry says besides its class options: its id, place, minimum level and formatter.</summary>
internal sealed class HandlerContext
{
    public required string Id { get; init; }

    /// <summary>The handler entry (<c>handlers.console</c>, <c>[handler_console]</c>).</summary>
    public required Where Where { get; init; }

    /// <summary>The handler's minimum level (null: none, as NOTSET).</summary>
    public FemtoLevel? Level { get; init; }

    /// <summary>The formatter, or null for the default line.</summary>
    public IFemtoFormatter? Formatter { get; init; }

    /// <summary>The formatter as shown in reports (its id).</summary>
    public string FormatterName { get; init; } = "default";

    /// <summary>Identifies the formatter's definition, so equal handlers can be recognised.</summary>
    public string FormatterSignature { get; init; } = "default";
}
