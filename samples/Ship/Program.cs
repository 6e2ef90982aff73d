using System.Globalization;
using Femto;
using Femto.Handlers;

// A service that ships its logs to `femto listen`: dotnet run -c Release --project samples/Ship -- [HOST] [PORT] [COUNT]
string host = args.Length > 0 ? args[0] : "127.0.0.1";
int port = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : SocketHandlerBuilder.DefaultPort;
int count = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;

using var collector = new SocketHandlerBuilder()
    .WithTcp(host, port)                                        // add .WithTls("logs.internal") for TLS
    .WithBackoff(new BackoffConfig { BaseMs = 100, CapMs = 2000 })
    .Build();
var root = FemtoLogging.GetLogger();
root.AddHandler(collector);
root.AddHandler(FemtoStreamHandler.Stderr());                   // and locally, as usual

var log = FemtoLogging.GetLogger("shop.checkout");
for (int i = 1; i <= count; i++) log.Info("order {Order} paid {Amount}", 1000 + i, 9.5m * i);
log.Warn("payment gateway slow", ("latency_ms", 812), ("gateway", "acme"));

bool delivered = FemtoLogging.Flush(TimeSpan.FromSeconds(10));
Console.Error.WriteLine($"sent {collector.SentCount}, dropped {collector.DroppedCount}{(delivered ? "" : $", not delivered: {collector.LastError}")}");
return delivered ? 0 : 1;
