using System.Net.WebSockets;
using System.Text.Json;

namespace Femto.Tests.Dashboard;

/// <summary>A real WebSocket client of a dashboard, reading its messages as a page would.</summary>
internal sealed class DashboardSocket : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly byte[] _buffer = new byte[1 << 20];

    private DashboardSocket(ClientWebSocket socket) => _socket = socket;

    /// <summary>The hello message, once read.</summary>
    public JsonElement? Hello { get; private set; }

    /// <summary>Every record received, in order.</summary>
    public List<JsonElement> Records { get; } = [];

    /// <summary>The latest checkpoint list received.</summary>
    public JsonElement? Checkpoints { get; private set; }

    /// <summary>Records messages received.</summary>
    public int RecordMessages { get; private set; }

    /// <summary>The <c>last</c> and <c>dropped</c> of the latest records message.</summary>
    public long LastSeq { get; private set; }

    /// <inheritdoc cref="LastSeq"/>
    public long Dropped { get; private set; }

    /// <summary>The close status the server sent, once the socket closed.</summary>
    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public WebSocket Socket => _socket;

    /// <summary>The socket address of a dashboard page URL (the token kept), plus <paramref name="query"/>.</summary>
    public static Uri SocketUri(string pageUrl, string query = "")
    {
        var page = new UriBuilder(pageUrl) { Scheme = "ws", Path = "/ws" };
        string q = page.Query.TrimStart('?');
        page.Query = string.Join('&', new[] { q, query }.Where(s => s.Length > 0));
        return page.Uri;
    }

    /// <summary>Connects; throws <see cref="WebSocketException"/> when refused (see <see cref="RefusalAsync"/>).</summary>
    public static async Task<DashboardSocket> ConnectAsync(string pageUrl, string query = "", string? origin = null, int receiveBuffer = 0)
    {
        var socket = new ClientWebSocket();
        if (origin is not null) socket.Options.SetRequestHeader("Origin", origin);
        if (receiveBuffer > 0) socket.Options.SetBuffer(receiveBuffer, 4096);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await socket.ConnectAsync(SocketUri(pageUrl, query), cts.Token);
        return new DashboardSocket(socket);
    }

    /// <summary>The HTTP status a refused handshake got.</summary>
    public static async Task<int> RefusalAsync(string pageUrl, string query = "", string? origin = null)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (origin is not null) socket.Options.SetRequestHeader("Origin", origin);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await socket.ConnectAsync(SocketUri(pageUrl, query), cts.Token);
        }
        catch (WebSocketException)
        {
            return (int)socket.HttpStatusCode;
        }
        Assert.Fail("the handshake was accepted");
        return 0;
    }

    /// <summary>Reads one message (null when the server closed the socket).</summary>
    public async Task<JsonElement?> ReceiveAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        int length = 0;
        while (true)
        {
            var result = await _socket.ReceiveAsync(_buffer.AsMemory(length), cts.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                // Answer the close as a browser does.
                if (_socket.State == WebSocketState.CloseReceived)
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token);
                return null;
            }
            length += result.Count;
            if (result.EndOfMessage) break;
            Assert.That(length, Is.LessThan(_buffer.Length), "message larger than the test buffer");
        }
        using var doc = JsonDocument.Parse(_buffer.AsMemory(0, length));
        var message = doc.RootElement.Clone();
        switch (message.GetProperty("type").GetString())
        {
            case "hello":
                Hello = message;
                break;
            case "records":
                RecordMessages++;
                LastSeq = message.GetProperty("last").GetInt64();
                Dropped = message.GetProperty("dropped").GetInt64();
                Records.AddRange(message.GetProperty("records").EnumerateArray());
                break;
            case "checkpoints":
                Checkpoints = message;
                break;
        }
        return message;
    }

    /// <summary>Reads messages until <paramref name="done"/> holds; fails after <paramref name="timeout"/>.</summary>
    public async Task ReceiveUntilAsync(Func<DashboardSocket, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done(this))
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) Assert.Fail($"timed out waiting for {what}; received {Records.Count} records");
            try
            {
                if (await ReceiveAsync(left) is null) Assert.Fail($"the server closed the socket before {what}; received {Records.Count} records");
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"timed out waiting for {what}; received {Records.Count} records");
            }
        }
    }

    /// <summary>Reads until the socket closes; returns the records received meanwhile.</summary>
    public async Task ReceiveUntilClosedAsync(TimeSpan timeout)
    {
        while (await ReceiveAsync(timeout) is not null) { }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
        }
        _socket.Dispose();
    }
}
