namespace Femto;

/// <summary>What became of a record a logger's call offered straight to a handler's queue.</summary>
internal enum DirectOffer
{
    /// <summary>The handler's queue took it.</summary>
    Accepted,
    /// <summary>Nothing more to do: below the handler's level, or dropped and counted by the handler's policy.</summary>
    Done,
    /// <summary>Not taken (closed, or full while the caller may not wait): the record goes through the logger's queue.</summary>
    Refused,
}
