using Femto;
using Femto.Handlers;
var log = FemtoLogging.GetLogger("api.v1");
var file = new FileHandlerBuilder("/tmp/femto-smoke/app.log").WithFormatter(FemtoFormatters.TimestampedWithLogger).Build();
FemtoLogging.GetLogger().AddHandler(FemtoStreamHandler.Stderr());
log.AddHandler(file);
Console.WriteLine(log.Log("INFO", "hello"));
Console.WriteLine(log.Log("DEBUG", "hidden") ?? "(null)");
log.Info("Hello, {Name} lives in {City} {Age} years old", "Bill Evance", "Mumbai", 31);
int id = 42; double amount = 9.5;
log.Warn($"user {id} paid {amount:F2} \n forged");
log.Info("paid", ("user", id), ("amount", amount), ("note", "two words"));
try { throw new InvalidOperationException("boom"); } catch (Exception ex) { log.Error(ex, "failed {Op}", "save"); }
Console.WriteLine(FemtoLogging.Flush(TimeSpan.FromSeconds(2)));
Console.WriteLine(File.ReadAllText("/tmp/femto-smoke/app.log"));
