using System.Globalization;
using Femto.Handlers;

namespace Femto.Config;

/// <summary>The options every queued handler has (<see cref="HandlerBuilder{TSelf}"/>): queue capacity, overflow
/// policy, flush timeout, plus the entry's level and formatter. <see cref="ApplyTo{TBuilder}"/> sets them on any
/// builder, so a new handler kind needs no code for them.</summary>
internal sealed record CommonOptions(int? Capacity, OverflowPolicy? Policy, TimeSpan? FlushTimeout, HandlerContext Context)
{
    /// <summary>The keywords of these options, for <see cref="HandlerParameters"/>.</summary>
    public static readonly string[] Keywords = ["capacity", "overflow_policy|policy", "flush_timeout_ms"];

    public static CommonOptions Read(HandlerArguments a, HandlerContext c) =>
        new(a.Int("capacity"), a.Policy("overflow_policy"), a.Milliseconds("flush_timeout_ms"), c);

    /// <summary>Sets the options given on <paramref name="builder"/>; the builder's defaults stand for the rest.</summary>
    public TBuilder ApplyTo<TBuilder>(TBuilder builder) where TBuilder : HandlerBuilder<TBuilder>
    {
        if (Capacity is { } capacity) builder.WithCapacity(capacity);
        if (Policy is { } policy) builder.WithOverflowPolicy(policy);
        if (FlushTimeout is { } timeout) builder.WithFlushTimeout(timeout);
        if (Context.Formatter is { } formatter) builder.WithFormatter(formatter);
        if (Context.Level is { } level) builder.WithLevel(level);
        return builder;
    }

    /// <summary>Identifies these options (the level excluded: a kept handler takes the new level).</summary>
    public string Signature => string.Create(CultureInfo.InvariantCulture,
        $"capacity={Capacity};policy={Policy};flush_timeout={FlushTimeout?.TotalMilliseconds};formatter={Context.FormatterSignature}");

    /// <summary>The settings as shown by reports.</summary>
    public IEnumerable<KeyValuePair<string, string>> Details =>
    [
        new("policy", (Policy ?? OverflowPolicy.Drop).ToString()),
        new("capacity", (Capacity ?? HandlerSettings.DefaultCapacity).ToString(CultureInfo.InvariantCulture)),
        new("formatter", Context.FormatterName),
    ];

    /// <summary>A definition for a handler of <paramref name="femtoClass"/>.</summary>
    public HandlerDefinition Define(string femtoClass, string? target, string signature, Func<IFemtoHandler> build,
        IEnumerable<KeyValuePair<string, string>>? details = null, string? filePath = null, bool truncate = false) => new()
    {
        ClassName = femtoClass,
        Target = target,
        FilePath = filePath,
        Truncate = truncate,
        Signature = femtoClass + "|" + target + "|" + signature + "|" + Signature,
        Level = Context.Level,
        Details = [.. Details, .. details ?? []],
        Build = build,
        Where = Context.Where,
    };
}
