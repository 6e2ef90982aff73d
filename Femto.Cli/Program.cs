using Femto.Cli;

// femto — Femto's command-line tool. `femto demo` shows every handler working on embedded defaults;
// `femto config check FILE` validates a configuration and prints its pipeline.
return args.Length == 0 || args[0] is "demo" ? Demo.Run(args.Length > 1 ? args[1] : null)
    : args[0] is "config" ? ConfigCommand.Run(args[1..], Console.Out, Console.Error)
    : args[0] is "-h" or "--help" or "help" ? Usage(0)
    : Usage(2);

static int Usage(int code)
{
    var w = code == 0 ? Console.Out : Console.Error;
    w.WriteLine("usage: femto [demo [OUTPUT_DIR]]");
    w.WriteLine("       " + ConfigCommand.Usage);
    w.WriteLine("  demo          log through loggers, propagation, stream, file and custom handlers; print counters.");
    w.WriteLine("                OUTPUT_DIR defaults to a new temporary directory; it is kept so you can inspect the files.");
    w.WriteLine("  config check  load a JSON or CPython INI configuration without applying it and print each logger's");
    w.WriteLine("                effective level, filters and handlers, or the error with its section and key (exit 1).");
    w.WriteLine("                -D NAME=VALUE sets an INI %(NAME)s default; here defaults to the file's directory.");
    return code;
}
