using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Configuration;
using Microsoft.Extensions.Options;

namespace Femto.Extensions.Logging;

/// <summary><c>builder.Logging.AddFemto()</c>.</summary>
public static class FemtoLoggingBuilderExtensions
{
    /// <summary>Adds <see cref="FemtoLoggerProvider"/>: options bound from <c>Logging:Femto</c> (a
    /// <see cref="Femto.Config.FemtoConfig.DictConfig"/> tree beside <c>IncludeScopes</c> and <c>FlushTimeout</c>;
    /// <c>Logging:Femto:LogLevel</c> filters as for any provider), applied when the provider is created and on reload,
    /// and Femto flushed when the host stops. Calling it twice adds one provider.</summary>
    public static ILoggingBuilder AddFemto(this ILoggingBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddConfiguration();
        var services = builder.Services;
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoggerProvider, FemtoLoggerProvider>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<FemtoLoggerOptions>, FemtoLoggerOptionsSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOptionsChangeTokenSource<FemtoLoggerOptions>,
            LoggerProviderOptionsChangeTokenSource<FemtoLoggerOptions, FemtoLoggerProvider>>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, FemtoHostFlush>());
        return builder;
    }

    /// <summary>Adds <see cref="FemtoLoggerProvider"/> as <see cref="AddFemto(ILoggingBuilder)"/> does, then lets
    /// <paramref name="configure"/> adjust the options (it runs after <c>Logging:Femto</c> was read, so it wins).</summary>
    public static ILoggingBuilder AddFemto(this ILoggingBuilder builder, Action<FemtoLoggerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        builder.AddFemto();
        builder.Services.Configure(configure);
        return builder;
    }
}
