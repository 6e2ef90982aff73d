using System.Net.Http.Json;
using Femto.Extensions.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Femto.Tests.Extensions;

/// <summary>An ASP.NET Core <c>WebApplication</c> on Kestrel (127.0.0.1, port 0) answering a real HTTP request: the
/// endpoint's ILogger&lt;T&gt; record, with the request's scope values (RequestPath, TraceId), reaches the file.</summary>
public sealed partial class WebApplicationTests : ExtensionsTestBase
{
    private sealed class Checkout;

    [LoggerMessage(Level = LogLevel.Information, Message = "Checked out order {OrderId} for {Amount}")]
    private static partial void CheckedOut(ILogger logger, int orderId, decimal amount);

    [Test]
    public async Task ARequestLoggedThroughILoggerReachesTheFileWithItsScopes()
    {
        string file = TempPath("web.jsonl");
        string root = TempPath("web");
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "appsettings.json"), AppSettings(file,
            logging: """ "LogLevel": { "Default": "Information", "Microsoft.AspNetCore": "Warning" }, """));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = root, Args = [], EnvironmentName = "Production" });
        builder.Logging.ClearProviders().AddFemto();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.MapPost("/checkout/{id:int}", (int id, ILogger<Checkout> log) =>
        {
            CheckedOut(log, id, 12.5m);
            return Results.Ok(new { id });
        });
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        using (var http = new HttpClient { BaseAddress = new Uri(address) })
        {
            var response = await http.PostAsync("/checkout/42", null);
            Assert.That((int)response.StatusCode, Is.EqualTo(200));
            Assert.That(await response.Content.ReadFromJsonAsync<Dictionary<string, int>>(), Is.EqualTo(new Dictionary<string, int> { ["id"] = 42 }));
        }
        await app.StopAsync();

        var record = RecordsOf(file, "Femto.Tests.Extensions.WebApplicationTests.Checkout").Single();
        var values = Values(record);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Message(record), Is.EqualTo("Checked out order 42 for 12.5"));
            Assert.That(values.GetProperty("OrderId").GetInt32(), Is.EqualTo(42));
            Assert.That(values.GetProperty("RequestPath").GetString(), Is.EqualTo("/checkout/42"), "ASP.NET Core's request scope");
            Assert.That(values.GetProperty("TraceId").GetString(), Has.Length.EqualTo(32), "the host's activity tracking scope");
        }
        var lifetime = RecordsOf(file, "Microsoft.Hosting.Lifetime").Select(Message).ToList();
        Assert.That(lifetime, Has.Some.StartsWith("Now listening on: http://127.0.0.1:"));
        Assert.That(lifetime, Has.Some.EqualTo("Application is shutting down..."), "logged while stopping, flushed by the host stop");
    }
}
