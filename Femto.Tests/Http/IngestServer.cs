using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Femto.Tests.Http;

/// <summary>What the ingest server answers one request with.</summary>
/// <param name="Status">The status code.</param>
/// <param name="RetryAfter">A <c>Retry-After</c> value (seconds or an HTTP date), or null.</param>
/// <param name="Delay">A wait before answering (a slow server).</param>
/// <param name="Hang">Never answer (until the client gives up or the server stops).</param>
internal sealed record Reply(int Status = 200, string? RetryAfter = null, TimeSpan Delay = default, bool Hang = false)
{
    public static Reply Ok { get; } = new();
}

/// <summary>One request as the ingest server saw it.</summary>
internal sealed record IngestRequest(int Index, string Method, string Path, IReadOnlyDictionary<string, string> Headers,
    byte[] RawBody, byte[] Body, JsonElement[] Records, int Status, long ArrivedAt, string ConnectionId)
{
    public IEnumerable<string> Messages => Records.Select(r => r.GetProperty("message").GetString()!);
}

/// <summary>A real Kestrel ingest endpoint on 127.0.0.1 (an ephemeral port, kept across restarts) in the test
/// process: it reads each request's body (gunzipping <c>Content-Encoding: gzip</c>), parses the JSON array, keeps it
/// with the headers, and answers as the test's script says (default 200). It can be killed — listener and open
/// connections gone at once — and started again on the same port.</summary>
internal sealed class IngestServer : IDisposable
{
    private readonly Func<int, Reply> _script;
    private readonly List<IngestRequest> _requests = [];
    private readonly object _gate = new();
    private int _next;
    private WebApplication? _app;

    private IngestServer(Func<int, Reply>? script) => _script = script ?? (_ => Reply.Ok);

    /// <summary>Starts a server answering request <c>i</c> (0-based, over the server's life) with <c>script(i)</c>.</summary>
    public static IngestServer Start(Func<int, Reply>? script = null)
    {
        var server = new IngestServer(script);
        server.Listen(0);
        return server;
    }

    public int Port { get; private set; }

    /// <summary>The ingest URL: <c>http://127.0.0.1:{Port}/ingest</c>.</summary>
    public string Url => $"http://127.0.0.1:{Port}/ingest";

    /// <summary>Every request received, in arrival order.</summary>
    public IReadOnlyList<IngestRequest> Requests
    {
        get { lock (_gate) return [.. _requests]; }
    }

    public int Count
    {
        get { lock (_gate) return _requests.Count; }
    }

    /// <summary>The messages of requests answered with 2xx, in arrival order.</summary>
    public List<string> Accepted => Requests.Where(r => r.Status is >= 200 and <= 299).SelectMany(r => r.Messages).ToList();

    public bool WaitForRequests(int count, TimeSpan timeout) => SpinWait.SpinUntil(() => Count >= count, timeout);

    /// <summary>True when no further request arrives within <paramref name="wait"/> (a short, bounded real wait).</summary>
    public bool StaysAt(int count, TimeSpan wait) => !SpinWait.SpinUntil(() => Count > count, wait) && Count == count;

    /// <summary>Stops at once: the listener closes and requests in progress are aborted.</summary>
    public void Kill()
    {
        var app = Interlocked.Exchange(ref _app, null);
        if (app is null) return;
        using (var now = new CancellationTokenSource())
        {
            now.Cancel();
            try { app.StopAsync(now.Token).GetAwaiter().GetResult(); }
            catch (OperationCanceledException) { }
        }
        app.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Starts again on the same port.</summary>
    public void Restart() => Listen(Port);

    public void Dispose() => Kill();

    private void Listen(int port)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(IngestServer).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, port);
        });
        var app = builder.Build();
        app.Run(HandleAsync);
        app.StartAsync().GetAwaiter().GetResult();
        Port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        _app = app;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var raw = new MemoryStream();
        try
        {
            await request.Body.CopyToAsync(raw, context.RequestAborted);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or BadHttpRequestException)
        {
            return; // the client went away mid-body
        }
        byte[] rawBody = raw.ToArray();
        bool gzip = string.Equals(request.Headers.ContentEncoding, "gzip", StringComparison.OrdinalIgnoreCase);
        byte[] body = gzip ? Gunzip(rawBody) : rawBody;
        JsonElement[] records;
        try
        {
            records = JsonDocument.Parse(body).RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
        }
        catch (JsonException)
        {
            records = [];
        }
        int index = Interlocked.Increment(ref _next) - 1;
        var reply = _script(index);
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        lock (_gate) _requests.Add(new IngestRequest(index, request.Method, request.Path.Value ?? "", headers, rawBody, body, records,
            reply.Hang ? 0 : reply.Status, Stopwatch.GetTimestamp(), context.Connection.Id));
        try
        {
            if (reply.Hang) await Task.Delay(Timeout.Infinite, context.RequestAborted);
            if (reply.Delay > TimeSpan.Zero) await Task.Delay(reply.Delay, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        context.Response.StatusCode = reply.Status;
        if (reply.RetryAfter is { } after) context.Response.Headers.RetryAfter = after;
        // A body, as real ingest APIs answer: the client must read it for its connection to be reused.
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync("{\"status\":" + reply.Status + ",\"records\":" + records.Length + "}");
    }

    private static byte[] Gunzip(byte[] compressed)
    {
        using var input = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
