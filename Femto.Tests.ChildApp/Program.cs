using System.Globalization;
using Femto;
using Femto.Handlers;

// A real process for the exit and signal tests in Femto.Tests.
//
//   Femto.Tests.ChildApp <path> <count> [--wait-for-signal [--graceful]] [--capacity N] [--then exit|throw]
//
// Logs <count> lines "line {i}" (i = 0 .. count-1) through a logger and a file handler, both with the Block
// policy, and a flush interval far above <count> so the lines stay buffered in the handler. Then either returns
// from Main at once (the shutdown hook must write everything out), or prints "ready" on stdout and sleeps until a
// signal ends the process (the SIGTERM hook must write everything out). It never flushes or closes anything itself.
//
//   Femto.Tests.ChildApp host <path> <count> [--stop]
//
// A Generic Host logging through ILogger<T> to Femto (see HostMode.cs).
// --capacity N sets both the logger's and the handler's queue capacity (default 1024), for queue-size edge cases
// that are safer to run in a process of their own. --graceful behaves like an application host: it turns
// FemtoLogging.ShutdownOnSignals off, cancels SIGTERM, logs "after the signal" and returns from Main. --then exit ends with Environment.Exit(3), --then throw with an
// unhandled exception, instead of returning from Main. --rotate N writes through a size-rotating handler instead
// (maxBytes N, backups kept without limit, output written per batch) and --tag T prefixes every line with T, for
// several processes rotating one file. --stuck-sink adds a handler that never returns (a hung sink) and sets the
// shutdown deadline to 1 s: the process must still exit, within the deadline, reporting what it could not flush.

// --send HOST:PORT COUNT TAG: a sender for the collector tests. Logs COUNT records "TAG {I}" (key-values tag, i)
// through a socket handler (Block policies), closes it, prints "sent N dropped M" and exits 0 when all were sent.
if (args.Length == 4 && args[0] == "--send")
{
    int colon = args[1].LastIndexOf(':');
    var sender = new SocketHandlerBuilder().WithTcp(args[1][..colon], int.Parse(args[1][(colon + 1)..], CultureInfo.InvariantCulture))
        .WithOverflowPolicy(OverflowPolicy.Block).WithCapacity(8192).Build();
    var senderLog = FemtoLogging.GetLogger("sender." + args[3]);
    senderLog.OverflowPolicy = OverflowPolicy.Block;
    senderLog.AddHandler(sender);
    int n = int.Parse(args[2], CultureInfo.InvariantCulture);
    for (int i = 0; i < n; i++) senderLog.Info("{Tag} {I}", args[3], i);
    senderLog.Flush(TimeSpan.FromSeconds(30));
    sender.Close(TimeSpan.FromSeconds(30));
    Console.Out.WriteLine($"sent {sender.SentCount} dropped {sender.DroppedCount}");
    return sender.SentCount == n ? 0 : 1;
}

if (args.Length > 0 && args[0] == "host")
{
    return ChildAppModes.HostMode.Run(args[1..]);
}

if (args.Length < 2 || !int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out int count))
{
    Console.Error.WriteLine("usage: Femto.Tests.ChildApp <path> <count> [--wait-for-signal] [--capacity N] [--then exit|throw]");
    return 2;
}

string path = args[0];
var options = args.Skip(2).ToList();
bool waitForSignal = options.Contains("--wait-for-signal", StringComparer.Ordinal);
int capacity = 1024;
int capacityAt = options.IndexOf("--capacity");
if (capacityAt >= 0 && (capacityAt + 1 >= options.Count
    || !int.TryParse(options[capacityAt + 1], NumberStyles.None, CultureInfo.InvariantCulture, out capacity)))
{
    Console.Error.WriteLine("--capacity needs a whole number");
    return 2;
}
int thenAt = options.IndexOf("--then");
string then = thenAt >= 0 && thenAt + 1 < options.Count ? options[thenAt + 1] : "return";
string? Option(string name) => options.IndexOf(name) is int at and >= 0 && at + 1 < options.Count ? options[at + 1] : null;
long rotateAt = long.TryParse(Option("--rotate"), NumberStyles.None, CultureInfo.InvariantCulture, out long r) ? r : 0;
string tag = Option("--tag") ?? "";
bool stuckSink = options.Contains("--stuck-sink", StringComparer.Ordinal);

// GetLogger runs FemtoLogging's static constructor, which installs the ProcessExit and SIGTERM/SIGINT hooks.
var log = FemtoLogging.GetLogger("child");
log.OverflowPolicy = OverflowPolicy.Block;
log.QueueCapacity = capacity;
log.AddHandler(rotateAt > 0
    ? new RotatingFileHandlerBuilder(path).WithMaxBytes(rotateAt).WithBackupCount(int.MaxValue).WithOverflowPolicy(OverflowPolicy.Block).Build()
    : new FemtoFileHandler(path, capacity: capacity, flushInterval: int.MaxValue, policy: "block"));
if (stuckSink)
{
    FemtoLogging.ShutdownTimeout = TimeSpan.FromSeconds(1);
    log.AddHandler(new HungHandler());
}

for (int i = 0; i < count; i++)
{
    if (tag.Length > 0) log.Info("{Tag} line {I}", tag, i);
    else log.Info("line {I}", i);
}

if (then == "exit")
{
    Environment.Exit(3);
}
if (then == "throw")
{
    throw new InvalidOperationException("unhandled on purpose: the shutdown hook must still write every line");
}
if (!waitForSignal)
{
    return 0;
}

if (options.Contains("--graceful", StringComparer.Ordinal))
{
    // Like an application host: cancel the signal's default action, log while stopping, then return from Main.
    FemtoLogging.ShutdownOnSignals = false;
    using var stop = new ManualResetEventSlim();
    using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
    {
        context.Cancel = true;
        stop.Set();
    });
    Console.Out.WriteLine("ready");
    Console.Out.Flush();
    stop.Wait();
    Thread.Sleep(100); // Femto's own handler runs too (in any order): it must not have shut down
    log.Info("after the signal");
    return 0;
}

Console.Out.WriteLine("ready");
Console.Out.Flush();
Thread.Sleep(Timeout.Infinite);
return 0;

/// <summary>A sink that hangs on its first record and never comes back.</summary>
internal sealed class HungHandler : IFemtoHandler
{
    public void Handle(string logger, FemtoLevel level, string message) => Thread.Sleep(Timeout.Infinite);
}
