using System.Net.Http.Json;
using System.Text.Json;
using Femto.Tests.ChildProcesses;

namespace Femto.Tests.Extensions;

/// <summary>samples/WebApi as a real process: configured from its appsettings.json (file path and port overridden on
/// the command line), it answers requests, writes JSON lines to the console and the file, and on SIGTERM stops
/// gracefully with every record written.</summary>
public sealed class WebApiSampleTests : FemtoTestBase
{
    private static readonly TimeSpan Patience60 = TimeSpan.FromSeconds(60);

    [Test]
    public async Task TheSampleLogsRequestsToConsoleAndFileAndStopsCleanlyOnSigterm()
    {
        string dll = ChildApp.LocateDll("WebApi", Path.Combine("samples", "WebApi"));
        string file = TempPath("sample", "webapi.jsonl");
        using var child = ChildApp.StartDll(dll, null, "--urls", "http://127.0.0.1:0", "--contentRoot", Path.GetDirectoryName(dll)!,
            $"--Logging:Femto:handlers:file:filename={file}");
        var stderr = child.StandardError.ReadToEndAsync();
        var console = new List<string>();
        try
        {
            string? address = null;
            var deadline = DateTime.UtcNow + Patience60;
            while (address is null && DateTime.UtcNow < deadline)
            {
                var line = await child.StandardOutput.ReadLineAsync().WaitAsync(Patience60);
                if (line is null) break;
                console.Add(line);
                var message = JsonDocument.Parse(line).RootElement.GetProperty("message").GetString()!;
                if (message.StartsWith("Now listening on: ", StringComparison.Ordinal)) address = message["Now listening on: ".Length..];
            }
            Assert.That(address, Is.Not.Null, $"the sample never said where it listens; stderr: {(stderr.IsCompleted ? stderr.Result : "")}");

            using (var http = new HttpClient { BaseAddress = new Uri(address!) })
            {
                var accepted = await http.PostAsJsonAsync("/orders/7", new { amount = 12.5 });
                var rejected = await http.PostAsJsonAsync("/orders/8", new { amount = -1 });
                Assert.That(((int)accepted.StatusCode, (int)rejected.StatusCode), Is.EqualTo((200, 400)));
            }
            ChildApp.Signal(child.Id, 15);
            Assert.That(child.WaitForExit(Patience60), Is.True, "the sample did not stop on SIGTERM");
            child.WaitForExit();
            console.AddRange((await child.StandardOutput.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        finally
        {
            if (!child.HasExited) child.Kill(entireProcessTree: true);
        }

        var records = File.ReadAllLines(file).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var orders = records.Where(r => r.GetProperty("logger").GetString() == "WebApi.Orders").ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(child.ExitCode, Is.Zero);
            Assert.That(orders.Select(r => r.GetProperty("message").GetString()), Is.EqualTo(new[] { "Order accepted: 12.5 EUR", "Order rejected: amount -1" }));
            Assert.That(orders[0].GetProperty("key_values").GetProperty("OrderId").GetInt32(), Is.EqualTo(7));
            Assert.That(orders[0].GetProperty("key_values").GetProperty("RequestPath").GetString(), Is.EqualTo("/orders/7"));
            Assert.That(orders[1].GetProperty("level").GetString(), Is.EqualTo("WARN"));
            Assert.That(records.Select(r => r.GetProperty("message").GetString()), Has.Some.EqualTo("Application is shutting down..."));
            Assert.That(console, Has.Some.Contains("Order accepted: 12.5 EUR"), "the console handler writes the same JSON lines");
            Assert.That(stderr.Result, Is.Empty);
        }
    }
}
