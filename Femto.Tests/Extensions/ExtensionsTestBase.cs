using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Femto.Extensions.Logging;

namespace Femto.Tests.Extensions;

/// <summary>Helpers for the Microsoft.Extensions.Logging tests: a real Generic Host whose <c>appsettings.json</c>
/// (written to the test's own content root) configures Femto, and the JSON lines Femto wrote.</summary>
public abstract class ExtensionsTestBase : FemtoTestBase
{
    /// <summary>A JSON string literal for <paramref name="text"/> (paths inside appsettings).</summary>
    protected static string Json(string text) => JsonSerializer.Serialize(text);

    /// <summary><c>Logging:Femto</c> with one JSON-lines file handler on the root at DEBUG, plus <paramref name="extra"/>
    /// members of the Femto section and <paramref name="logging"/> members of the Logging section.</summary>
    protected static string AppSettings(string file, string extra = "", string logging = "\"LogLevel\": { \"Default\": \"Trace\" },") => $$"""
        {
          "Logging": {
            {{logging}}
            "Femto": {
              {{extra}}
              "handlers": { "file": { "class": "logging.FileHandler", "filename": {{Json(file)}}, "formatter": "json" } },
              "root": { "level": "DEBUG", "handlers": [ "file" ] }
            }
          }
        }
        """;

    /// <summary>Builds and starts a Generic Host (<c>Host.CreateApplicationBuilder</c>) whose content root holds
    /// <paramref name="appSettings"/> as <c>appsettings.json</c>, logging only to Femto.</summary>
    protected IHost StartHost(string appSettings, Action<HostApplicationBuilder>? configure = null)
    {
        var root = TempPath("app-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "appsettings.json"), appSettings);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = root,
            EnvironmentName = "Production",
            Args = [],
        });
        builder.Logging.ClearProviders().AddFemto();
        configure?.Invoke(builder);
        var host = builder.Build();
        host.Start();
        return host;
    }

    /// <summary>The JSON objects of a JSON-lines file.</summary>
    protected static List<JsonElement> ReadJsonLines(string path) =>
        [.. File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    /// <summary>The records of <paramref name="path"/> whose logger is <paramref name="logger"/>.</summary>
    protected static List<JsonElement> RecordsOf(string path, string logger) =>
        [.. ReadJsonLines(path).Where(r => r.GetProperty("logger").GetString() == logger)];

    protected static string Message(JsonElement record) => record.GetProperty("message").GetString()!;

    protected static JsonElement Values(JsonElement record) => record.GetProperty("key_values");

    protected static string[] Keys(JsonElement record) => [.. Values(record).EnumerateObject().Select(p => p.Name)];
}
