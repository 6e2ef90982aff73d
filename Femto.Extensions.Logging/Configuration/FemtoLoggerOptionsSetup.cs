using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Configuration;
using Microsoft.Extensions.Options;

namespace Femto.Extensions.Logging;

/// <summary>Binds <see cref="FemtoLoggerOptions"/> from the provider's configuration section (<c>Logging:Femto</c>,
/// Femto being <see cref="FemtoLoggerProvider"/>'s alias). Never throws: a value it cannot read is kept in
/// <see cref="FemtoLoggerOptions.BindingError"/> for the provider, because options are also rebuilt on a
/// configuration reload, where nothing could catch an exception.</summary>
internal sealed class FemtoLoggerOptionsSetup(ILoggerProviderConfiguration<FemtoLoggerProvider> providerConfiguration)
    : IConfigureOptions<FemtoLoggerOptions>
{
    private const string Section = "Logging:Femto";

    public void Configure(FemtoLoggerOptions options)
    {
        var section = providerConfiguration.Configuration;
        if (ConfigurationTree.Read(section) is { } tree) options.Config = tree;
        if (section["IncludeScopes"] is { } scopes)
        {
            if (bool.TryParse(scopes, out bool include)) options.IncludeScopes = include;
            else options.BindingError ??= new FemtoConfigException($"{Section}:IncludeScopes: expected true or false, found '{scopes}'.");
        }
        if (section["FlushTimeout"] is { } timeout)
        {
            if (TimeSpan.TryParse(timeout, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero) options.FlushTimeout = span;
            else options.BindingError ??= new FemtoConfigException($"{Section}:FlushTimeout: expected a positive time span such as '00:00:05', found '{timeout}'.");
        }
    }
}
