using Femto;
using Femto.Handlers;

int userId = 42;
decimal amount = 19.99m;
var exception = new TimeoutException("gateway timed out");
string dir = Path.Combine(Path.GetTempPath(), "femto-tour");

// --- README tour starts ---
var log = FemtoLogging.GetLogger("api.v1");            // same instance for the same name; parents api -> root
FemtoLogging.GetLogger().AddHandler(FemtoStreamHandler.Stderr());
log.AddHandler(new FileHandlerBuilder(Path.Combine(dir, "api.log")) // directories created, append mode
    .WithOverflowPolicy(OverflowPolicy.Block)           // never lose a record; default is Drop (counted)
    .WithFormatter(FemtoFormatters.TimestampedWithLogger)
    .Build());
log.AddHandler(new TimedRotatingFileHandlerBuilder(Path.Combine(dir, "daily.log")) // daily.log.2026-11-29, ...
    .WithWhen("midnight").WithBackupCount(7)            // or RotatingFileHandlerBuilder: .WithMaxBytes(n).WithBackupCount(n)
    .WithCompression()                                  // closed backups gzipped on the handler's worker
    .Build());

string? line = log.Log("INFO", "hello");                // "api.v1 [INFO] hello" (null when filtered)

// Allocation-free, nothing formatted on the caller's thread:
log.Info("Hello, {Name} lives in {City} {Age} years old", "Bill Evance", "Mumbai", 31);
log.Info($"user {userId} paid {amount}");               // not evaluated at all when Info is disabled
log.Info("paid", ("user", userId), ("amount", amount)); // structured key-values, reach every handler
log.Error(exception, "charge failed for {User}", userId);

// Tracing: a scope writes one record (function, duration_ms, status, error_type, W3C trace_id/span_id);
// a context adds its key-values to every record logged inside it, across awaits and Task.Run.
using (FemtoContext.Push(("request_id", "r-42"), ("user", userId)))
using (log.Time("checkout", ("order", 7)))              // Info on success; Error after scope.Fail(ex)
    log.Info("charging");                               // carries request_id, user, trace_id and span_id
int total = FemtoTrace.Run(log, "price_cart", () => 3 * 7, sampleRate: 0.5); // exceptions recorded, rethrown as is

log.Level = FemtoLevel.Debug;                           // unset levels inherit; root defaults to Info
log.Propagate = false;                                  // keep records out of ancestors' handlers
log.OverflowPolicy = OverflowPolicy.Timeout(TimeSpan.FromMilliseconds(5));
Console.WriteLine($"dropped {log.DroppedCount}, handler errors {log.HandlerErrorCount}");

FemtoLogging.Flush(TimeSpan.FromSeconds(2));            // true when everything reached its sinks
// Shutdown runs by itself on return from Main, Environment.Exit, SIGTERM/SIGINT and unhandled exceptions.
// --- README tour ends ---

Console.WriteLine($"{line} {total}");
