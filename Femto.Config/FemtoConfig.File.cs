namespace Femto.Config;

public static partial class FemtoConfig
{
    /// <summary>Applies a CPython <c>logging.config.fileConfig</c> INI file: <c>[loggers]</c>, <c>[handlers]</c> and
    /// (optional) <c>[formatters]</c> <c>keys=</c> lists, <c>[logger_root]</c> (required), <c>[logger_x]</c> with
    /// <c>qualname</c>, <c>level</c>, <c>handlers</c>, <c>propagate</c>, <c>[handler_x]</c> with <c>class</c>,
    /// <c>args</c>/<c>kwargs</c> (Python literals, parsed, never evaluated; <c>sys.stdout</c>/<c>sys.stderr</c> are the
    /// standard streams), <c>level</c>, <c>formatter</c>, and <c>[formatter_x]</c> with <c>format</c>, <c>datefmt</c>,
    /// <c>style</c>, <c>defaults</c>. <c>%(name)s</c> is replaced from the section, <c>[DEFAULT]</c> and
    /// <paramref name="defaults"/> (the file's <c>[DEFAULT]</c> wins). Femto extensions: <c>[filters]</c> with
    /// <c>[filter_x]</c> (<c>level=</c> or <c>name=</c>) and <c>filters=</c> on loggers. Applied atomically.</summary>
    /// <param name="path">The INI file.</param>
    /// <param name="defaults">Values for <c>%(name)s</c> substitution, such as <c>here</c>.</param>
    /// <param name="disableExistingLoggers">Disable existing loggers the file does not configure (CPython's default).</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="FemtoConfigException">The file is empty, malformed or asks for something Femto cannot honour;
    /// the message names the section and key. Nothing changes.</exception>
    /// <exception cref="HandlerConfigException">A handler's options are invalid or it could not be built. Nothing changes.</exception>
    public static void FileConfig(string path, IReadOnlyDictionary<string, string>? defaults = null, bool disableExistingLoggers = true) =>
        LoadIniFile(path, defaults, disableExistingLoggers).BuildAndInit();

    /// <summary>Reads a CPython INI file into a <see cref="ConfigBuilder"/> without applying it (see <see cref="FileConfig"/>).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="FemtoConfigException">The file is empty, malformed or invalid.</exception>
    public static ConfigBuilder LoadIniFile(string path, IReadOnlyDictionary<string, string>? defaults = null, bool disableExistingLoggers = true) =>
        IniConfigReader.Read(path, ReadConfigFile(path), defaults).WithDisableExistingLoggers(disableExistingLoggers);
}
