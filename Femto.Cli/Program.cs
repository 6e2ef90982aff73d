using Femto.Cli;

// femto — Femto's command-line tool. `femto demo` shows every handler working on embedded defaults.
return args.Length == 0 || args[0] is "demo" ? RunDemo(args.Skip(1).ToList())
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
    w.WriteLine("  demo   log through loggers, propagation, stream, file and custom handlers; print counters.");
    w.WriteLine("         OUTPUT_DIR defaults to a new temporary directory; it is kept so you can inspect the files.");
    w.WriteLine("         --dashboard also streams the records to the live browser dashboard on a free port (--port N)");
    w.WriteLine("         and prints its URL; it stays up --seconds N (default: until Ctrl+C); --open opens a browser.");
    w.WriteLine("         Under CI=true the dashboard stays off unless --force is given.");
    return code;
}
