namespace Femto.Dashboard;

/// <summary>Options of <see cref="FemtoDashboard.Start(DashboardOptions)"/>. Checked by <see cref="Validate"/>, which
/// <c>Start</c> calls: out-of-range values throw <see cref="ArgumentOutOfRangeException"/> naming the option, a
/// non-loopback <see cref="Host"/> without a <see cref="Token"/> throws <see cref="HandlerConfigException"/>.</summary>
public sealed record DashboardOptions
{
    /// <summary>The default port, 5678.</summary>
    public const int DefaultPort = 5678;

    /// <summary>The default <see cref="BufferSize"/>: 100,000 records.</summary>
    public const int DefaultBufferSize = 100_000;

    /// <summary>TCP port, 0–65535; 0 picks a free one (read it from <see cref="DashboardHandler.Url"/>).
    /// <remarks>Default: 5678.</remarks></summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>The address to listen on: an IP address or a host name. <c>127.0.0.1</c>, <c>::1</c>, any 127.x
    /// address and <c>localhost</c> are loopback; anything else (e.g. <c>0.0.0.0</c>) exposes the dashboard to the
    /// network and requires a <see cref="Token"/>. <remarks>Default: <c>127.0.0.1</c>.</remarks></summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>How many of the most recent records the server keeps and replays to each newly opened page.
    /// Memory is about this many times the size of one record as JSON (~300 bytes for a short message).
    /// <remarks>Default: 100,000.</remarks></summary>
    public int BufferSize { get; init; } = DefaultBufferSize;

    /// <summary>Opens the page in the default browser once listening. <remarks>Default: false.</remarks></summary>
    public bool OpenBrowser { get; init; }

    /// <summary>A secret the page and the socket require (<c>?token=…</c>, which <see cref="DashboardHandler.Url"/>
    /// carries, or an <c>Authorization: Bearer</c> header); without it they answer 401, with a wrong one 403.
    /// Required for a non-loopback <see cref="Host"/>. <remarks>Default: null (no token, loopback only).</remarks></summary>
    public string? Token { get; init; }

    /// <summary>The SQLite file checkpoints are kept in, created (with its directory) on the first save; null keeps
    /// them in memory for the life of the dashboard. <remarks>Default: <c>femto-checkpoints.db</c> in the current
    /// directory.</remarks></summary>
    public string? CheckpointsPath { get; init; } = "femto-checkpoints.db";

    /// <summary>The handler's queue: capacity, overflow policy, minimum level, flush timeout and clock, as for any
    /// built-in handler. The formatter is ignored: the dashboard always sends JSON.
    /// <remarks>Default: 8,192 records, <see cref="OverflowPolicy.Drop"/>.</remarks></summary>
    public HandlerSettings Handler { get; init; } = new() { Capacity = 8192 };

    /// <summary>How many records may wait to be sent to one browser. A browser that falls further behind loses the
    /// newest records beyond this (counted per page, shown in it and in <see cref="DashboardHandler.ClientDroppedCount"/>)
    /// instead of slowing anything else. <remarks>Default: 20,000.</remarks></summary>
    public int ClientQueueCapacity { get; init; } = 20_000;

    /// <summary>How long closing the dashboard waits for open pages to receive the records queued for them and answer
    /// the close; pages still sending then are cut off, so a stalled browser cannot hold up shutdown for longer.
    /// <remarks>Default: 1 second.</remarks></summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Origins (<c>scheme://host[:port]</c>) allowed to open the socket besides the page's own, e.g. a
    /// reverse proxy's public address. Browsers always send an Origin; any other is refused with 403.
    /// <remarks>Default: none.</remarks></summary>
    public IReadOnlyList<string>? AllowedOrigins { get; init; }

    /// <summary>Throws when an option is out of range or the combination is unsafe.</summary>
    /// <returns>This instance.</returns>
    public DashboardOptions Validate()
    {
        if (Port is < 0 or > 65535) throw new ArgumentOutOfRangeException(nameof(Port), Port, "Port must be 0 (a free port) to 65535.");
        if (BufferSize <= 0) throw new ArgumentOutOfRangeException(nameof(BufferSize), BufferSize, "BufferSize must be positive.");
        if (ClientQueueCapacity <= 0)
            throw new ArgumentOutOfRangeException(nameof(ClientQueueCapacity), ClientQueueCapacity, "ClientQueueCapacity must be positive.");
        if (CloseTimeout < TimeSpan.Zero || CloseTimeout.TotalMilliseconds > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(CloseTimeout), CloseTimeout, "CloseTimeout must be zero or positive (at most about 24 days).");
        if (string.IsNullOrWhiteSpace(Host)) throw new ArgumentException("Host must name an address, e.g. 127.0.0.1.", nameof(Host));
        if (Token is not null && string.IsNullOrWhiteSpace(Token)) throw new ArgumentException("Token must not be empty; use null for no token.", nameof(Token));
        if (CheckpointsPath is not null && string.IsNullOrWhiteSpace(CheckpointsPath))
            throw new ArgumentException("CheckpointsPath must not be empty; use null to keep checkpoints in memory.", nameof(CheckpointsPath));
        ArgumentNullException.ThrowIfNull(Handler);
        Handler.Validate();
        foreach (var origin in AllowedOrigins ?? [])
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.AbsolutePath != "/" || uri.Query.Length > 0)
                throw new ArgumentException($"AllowedOrigins: '{origin}' is not an origin (scheme://host[:port]).", nameof(AllowedOrigins));
        }
        if (Token is null && !Server.ListenAddress.IsLoopbackName(Host))
            throw new HandlerConfigException(
                $"The dashboard would listen on '{Host}', which is not a loopback address: set DashboardOptions.Token so only " +
                "people with the token can read the logs (or listen on 127.0.0.1).");
        return this;
    }
}
