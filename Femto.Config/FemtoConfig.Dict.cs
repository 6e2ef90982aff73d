namespace Femto.Config;

public static partial class FemtoConfig
{
    /// <summary>Applies a configuration shaped like Python's <c>logging.config.dictConfig</c>: <c>version</c>,
    /// <c>disable_existing_loggers</c> (default true), <c>formatters</c>, <c>filters</c>, <c>handlers</c> (by class
    /// name: <c>logging.StreamHandler</c>, <c>logging.FileHandler</c>, <c>logging.handlers.RotatingFileHandler</c>,
    /// femtologging's and Femto's names; <c>args</c> as a tuple literal or list, <c>kwargs</c> and other keys as the
    /// constructor's or builder's options), <c>loggers</c>, <c>root</c> (required) and <c>default_level</c>.
    /// Values are nested dictionaries, lists, strings, numbers, booleans and null. Applied atomically (see
    /// <see cref="ConfigBuilder.BuildAndInit"/>).</summary>
    /// <exception cref="FemtoConfigException">Anything Femto cannot honour; the message names the key at fault.
    /// Nothing changes.</exception>
    /// <exception cref="HandlerConfigException">A handler's options are out of range or contradict each other, or it
    /// could not be built. Nothing changes.</exception>
    public static void DictConfig(IDictionary<string, object?> config) => LoadDict(config).BuildAndInit();

    /// <summary>Applies a <see cref="DictConfig"/> tree given as JSON text (comments and trailing commas allowed).</summary>
    /// <exception cref="FemtoConfigException">Invalid JSON or configuration. Nothing changes.</exception>
    public static void JsonConfig(string json) => LoadJson(json).BuildAndInit();

    /// <summary>Applies a <see cref="DictConfig"/> tree read from a JSON file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="FemtoConfigException">Invalid JSON or configuration. Nothing changes.</exception>
    public static void JsonFileConfig(string path) => LoadJsonFile(path).BuildAndInit();

    /// <summary>Reads a <see cref="DictConfig"/> tree into a <see cref="ConfigBuilder"/> without applying it
    /// (to inspect with <see cref="ConfigBuilder.Describe"/>, or adjust in code before <see cref="ConfigBuilder.BuildAndInit"/>).</summary>
    /// <exception cref="FemtoConfigException">Invalid configuration.</exception>
    public static ConfigBuilder LoadDict(IDictionary<string, object?> config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return DictConfigReader.Read(config, LocationStyle.Dict);
    }

    /// <summary>Reads JSON text into a <see cref="ConfigBuilder"/> without applying it.</summary>
    /// <exception cref="FemtoConfigException">Invalid JSON or configuration.</exception>
    public static ConfigBuilder LoadJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return DictConfigReader.Read(JsonTree.Parse(json, "JSON"), LocationStyle.Dict);
    }

    /// <summary>Reads a JSON file into a <see cref="ConfigBuilder"/> without applying it.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="FemtoConfigException">Invalid JSON or configuration.</exception>
    public static ConfigBuilder LoadJsonFile(string path)
    {
        string text = ReadConfigFile(path);
        try
        {
            return DictConfigReader.Read(JsonTree.Parse(text, path), LocationStyle.Dict);
        }
        catch (FemtoConfigException ex) when (!ex.Message.StartsWith(path, StringComparison.Ordinal))
        {
            throw Rethrow(ex, path);
        }
    }

    /// <summary>Reads a configuration file by its kind — JSON (<c>.json</c>, or text starting with <c>{</c>) or a
    /// CPython INI file (anything else, read with <paramref name="defaults"/> and disabling existing loggers as
    /// <see cref="FileConfig"/> does) — into a <see cref="ConfigBuilder"/> without applying it.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="FemtoConfigException">Invalid file or configuration.</exception>
    public static ConfigBuilder LoadFile(string path, IReadOnlyDictionary<string, string>? defaults = null)
    {
        string text = ReadConfigFile(path);
        return path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || text.TrimStart().StartsWith('{')
            ? LoadJsonFile(path)
            : LoadIniFile(path, defaults);
    }

    /// <summary>Registers a filter factory that dict, JSON and INI configurations may name with
    /// <c>{"()": "<paramref name="name"/>", …options}</c> (INI: <c>()=name</c> in a <c>[filter_x]</c> section). The
    /// factory receives the entry's other keys. Registering a name again replaces its factory. Configuration files
    /// can name only factories registered here, never a type.</summary>
    public static void RegisterFilterFactory(string name, Func<IReadOnlyDictionary<string, object?>, IFemtoFilter> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        FilterFactories.Register(name, factory);
    }

    /// <summary>Reads a configuration file's text; a missing file is <see cref="FileNotFoundException"/>.</summary>
    private static string ReadConfigFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Configuration file not found: {path}", path);
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new FemtoConfigException($"{path}: cannot read the file: {ex.Message}", ex);
        }
    }

    /// <summary>Prefixes a configuration error with the file it came from, keeping its type.</summary>
    private static FemtoConfigException Rethrow(FemtoConfigException ex, string path) => ex is HandlerConfigException
        ? new HandlerConfigException($"{path}: {ex.Message}", ex)
        : new FemtoConfigException($"{path}: {ex.Message}", ex);
}
