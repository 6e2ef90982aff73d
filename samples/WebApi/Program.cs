using Femto.Extensions.Logging;
using WebApi;

// Every ILogger<T> in the app (yours and ASP.NET Core's) logs through Femto, as appsettings.json's Logging:Femto
// section says: JSON lines to the console and to logs/webapi.jsonl. Logging:LogLevel filters as usual.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders().AddFemto();

var app = builder.Build();

app.MapGet("/", () => "Femto WebApi sample: POST /orders/{id} with {\"amount\": 12.5}");

app.MapPost("/orders/{id:int}", (int id, OrderRequest order, ILogger<Orders> log) =>
{
    using (log.BeginScope(new Dictionary<string, object?> { ["OrderId"] = id }))
    {
        if (order.Amount <= 0)
        {
            Log.Rejected(log, order.Amount);
            return Results.BadRequest(new { error = "amount must be positive" });
        }
        Log.Accepted(log, order.Amount, order.Currency ?? "EUR");
        return Results.Ok(new { id, order.Amount });
    }
});

app.Run();

namespace WebApi
{
    /// <summary>The body of POST /orders/{id}.</summary>
    internal sealed record OrderRequest(decimal Amount, string? Currency);

    /// <summary>The category of the order endpoints' logger.</summary>
    internal sealed class Orders;

    /// <summary>The sample's log messages: source-generated, so a call allocates nothing and renders nothing on the
    /// request's thread (Femto reads the values on its worker).</summary>
    internal static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Order accepted: {Amount} {Currency}")]
        public static partial void Accepted(ILogger logger, decimal amount, string currency);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Order rejected: amount {Amount}")]
        public static partial void Rejected(ILogger logger, decimal amount);
    }
}
