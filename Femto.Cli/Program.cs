using Femto.Cli;

// femto — Femto's command-line tool. `femto demo` shows every handler working on embedded defaults;
// `femto config check FILE` validates a configuration and prints its pipeline; `femto listen` is the collector.
return args.Length == 0 || args[0] is "demo" ? RunDemo(args.Skip(1).ToList())
    : args[0] is "config" ? ConfigCommand.Run(args[1..], Console.Out, Console.Error)
    : args[0] is "listen" ? ListenCommand.Run(args[1..], Console.Out, Console.Error)
    : args[0] is "-h" or "--help" or "help" ? Usage(0)
    : Usage(2);

static int RunDemo(List<string> args)
{
    DemoOptions options;
    try { options = DemoOptions.Parse(args); }
    catch (ArgumentException ex)
    {
        Console.Error.WriteLine("femto demo: " + ex.Message);
        return Usage(2);
    }
    return Demo.Run(options);
}

static int Usage(int code)
{
    var w = code == 0 ? Console.Out : Console.Error;
    w.WriteLine("usage: femto [" + DemoOptions.Usage + "]");
    w.WriteLine("       " + ConfigCommand.Usage);
    w.WriteLine("       femto " + ListenOptions.Usage);
    w.WriteLine("  demo          log through loggers, propagation, stream, file and custom handlers; print counters.");
    w.WriteLine("                OUTPUT_DIR defaults to a new temporary directory; it is kept so you can inspect the files.");
    w.WriteLine("                --dashboard also streams the records to the live browser dashboard on a free port");
    w.WriteLine("                (--port N) and prints its URL; it stays up --seconds N (default: until Ctrl+C); --open opens");
    w.WriteLine("                a browser. Under CI=true the dashboard stays off unless --force is given.");
    w.WriteLine("  config check  load a JSON or CPython INI configuration without applying it and print each logger's");
    w.WriteLine("                effective level, filters and handlers, or the error with its section and key (exit 1).");
    w.WriteLine("                -D NAME=VALUE sets an INI %(NAME)s default; here defaults to the file's directory.");
    w.WriteLine("  listen        the collector: receive socket handlers' frames (TCP, TLS, Unix sockets; default --tcp 127.0.0.1:9020)");
    w.WriteLine("                and write the records as text or JSON lines to stdout or --out FILE (rotating with --max-bytes and");
    w.WriteLine("                --backup-count). Prints 'listening on HOST:PORT' per listener; SIGTERM/SIGINT drains, flushes, exits 0.");
    w.WriteLine("                --dashboard PORT also shows the records in the live browser dashboard (off under CI=true without --force).");
    return code;
}
