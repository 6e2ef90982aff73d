using System.Net.Http.Headers;
using System.Text;

namespace Femto.Handlers;

/// <summary>Builds a <see cref="FemtoHttpHandler"/>:
/// <c>new HttpHandlerBuilder().WithEndpoint("https://logs.example.com/ingest").WithAuth(token: key).WithCompression().Build()</c>,
/// or from environment variables with <see cref="FromEnvironment"/> (later <c>With…</c> calls override them).</summary>
/// <remarks>Setters reject bad values at once, naming the parameter: a URL that is not absolute http(s)
/// (<see cref="ArgumentException"/> naming <c>url</c>), a batch size, capacity, timeout or flush interval ≤ 0
/// (<see cref="ArgumentOutOfRangeException"/>). <see cref="Build"/> rejects what cannot work with a
/// <see cref="HandlerConfigException"/>: no endpoint, <c>BaseMs &gt; CapMs</c>, an <c>Authorization</c> header
/// together with <see cref="WithAuth(string)"/>. The formatter is the JSON formatter
/// (<see cref="FemtoFormatters.Json"/>): bodies are JSON arrays of its objects.</remarks>
public sealed class HttpHandlerBuilder : HandlerBuilder<HttpHandlerBuilder>
{
    /// <summary>The default prefix of the environment variables: <c>FEMTO_HTTP_</c>.</summary>
    public const string DefaultEnvironmentPrefix = "FEMTO_HTTP_";

    /// <summary>The default batch size: 100 records.</summary>
    public const int DefaultBatchSize = 100;

    /// <summary>The default maximum request body: 4 MiB of JSON.</summary>
    public const int DefaultMaxBatchBytes = 4 * 1024 * 1024;

    /// <summary>The default flush interval: 1 s.</summary>
    public static TimeSpan DefaultFlushInterval { get; } = TimeSpan.FromSeconds(1);

    /// <summary>The default request timeout: 10 s.</summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(10);

    /// <summary>The default longest wait adaptive back pressure puts on one call: 250 ms (the Master Log client's).</summary>
    public static TimeSpan DefaultBackPressureMaxDelay { get; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The default send cost per record assumed before the first request is measured: 1 ms.</summary>
    public static TimeSpan DefaultInitialSendCost { get; } = TimeSpan.FromMilliseconds(1);

    private static readonly HashSet<string> s_reservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Type", "Content-Length", "Content-Encoding", "Transfer-Encoding", "Host", "Connection",
    };

    private readonly Dictionary<string, string> _headers = new(StringComparer.OrdinalIgnoreCase);
    private AuthenticationHeaderValue? _authorization;

    /// <summary>Creates a builder with the defaults (and the JSON formatter).</summary>
    public HttpHandlerBuilder()
    {
        Settings = Settings with { Formatter = FemtoFormatters.Json };
    }

    /// <summary>A builder with the options the environment gives, read now: <c>{prefix}ENDPOINT</c>,
    /// <c>API_KEY</c> (sent as <c>Authorization: Bearer</c>), <c>BATCH_SIZE</c>, <c>FLUSH_INTERVAL_SECONDS</c>,
    /// <c>MAX_QUEUE_SIZE</c> (the capacity), <c>DROP_WHEN_FULL</c> (default true: Drop; false with
    /// <c>QUEUE_TIMEOUT_SECONDS</c>: Timeout; false alone: Block), <c>QUEUE_TIMEOUT_SECONDS</c>,
    /// <c>MIN_REQUEST_INTERVAL_SECONDS</c>, and beyond those <c>TIMEOUT_SECONDS</c>, <c>COMPRESSION</c>,
    /// <c>BACKPRESSURE</c>, <c>MAX_ENQUEUE_SLEEP_SECONDS</c> and <c>INITIAL_SEND_SECONDS_PER_LOG</c>. Seconds are
    /// invariant decimals (<c>0.25</c>); booleans <c>true/false/1/0/yes/no/on/off</c>; unset or empty variables
    /// keep the defaults. Later <c>With…</c> calls override what was read.</summary>
    /// <param name="prefix">The variables' prefix. With <c>"MASTER_LOG_"</c> a Master Log client's environment works as is.</param>
    /// <exception cref="HandlerConfigException">A variable's value is malformed or out of range; the message names it.</exception>
    public static HttpHandlerBuilder FromEnvironment(string prefix = DefaultEnvironmentPrefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return HttpEnvironment.Read(prefix, new HttpHandlerBuilder());
    }

    /// <summary>The endpoint, or null until <see cref="WithEndpoint(string, string)"/>.</summary>
    public Uri? Endpoint { get; private set; }

    /// <summary>The request method. Default POST.</summary>
    public string Method { get; private set; } = "POST";

    /// <summary>The authorization scheme set by <c>WithAuth</c> (<c>Bearer</c> or <c>Basic</c>), or null.</summary>
    public string? AuthScheme => _authorization?.Scheme;

    /// <summary>The extra request headers.</summary>
    public IReadOnlyDictionary<string, string> Headers => _headers;

    /// <summary>Records per request at most. Default 100.</summary>
    public int BatchSize { get; private set; } = DefaultBatchSize;

    /// <summary>How long the oldest buffered record waits before a partial batch is sent. Default 1 s.</summary>
    public TimeSpan FlushInterval { get; private set; } = DefaultFlushInterval;

    /// <summary>The least time between request starts; zero for no limit (default).</summary>
    public TimeSpan MinRequestInterval { get; private set; } = TimeSpan.Zero;

    /// <summary>How long one request may take. Default 10 s.</summary>
    public TimeSpan Timeout { get; private set; } = DefaultTimeout;

    /// <summary>True when bodies are gzipped. Default false.</summary>
    public bool Compression { get; private set; }

    /// <summary>The retry timings. Default <c>new BackoffConfig()</c>.</summary>
    public BackoffConfig Backoff { get; private set; } = new();

    /// <summary>True when every record carries the <c>host</c> block. Default true.</summary>
    public bool HostMetadata { get; private set; } = true;

    /// <summary>The most bytes of JSON per request. Default 4 MiB.</summary>
    public int MaxBatchBytes { get; private set; } = DefaultMaxBatchBytes;

    /// <summary>True when callers are slowed to the measured send rate. Default false.</summary>
    public bool AdaptiveBackPressure { get; private set; }

    /// <summary>The longest adaptive back pressure holds one call. Default 250 ms.</summary>
    public TimeSpan BackPressureMaxDelay { get; private set; } = DefaultBackPressureMaxDelay;

    /// <summary>The send cost per record assumed until requests are measured. Default 1 ms.</summary>
    public TimeSpan InitialSendCost { get; private set; } = DefaultInitialSendCost;

    /// <summary>Where to send: an absolute <c>http</c> or <c>https</c> URL, with <paramref name="method"/> POST (default), PUT or PATCH.</summary>
    /// <exception cref="ArgumentException">The URL is not absolute http(s), or holds credentials (use <c>WithAuth</c>);
    /// or the method is not POST, PUT or PATCH.</exception>
    public HttpHandlerBuilder WithEndpoint(string url, string method = "POST")
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri))
            throw new ArgumentException($"'{url}' is not an absolute URL; expected http://host[:port]/path or https://….", nameof(url));
        return WithEndpoint(uri, method);
    }

    /// <summary>Where to send: an absolute <c>http</c> or <c>https</c> URI, with <paramref name="method"/> POST (default), PUT or PATCH.</summary>
    /// <exception cref="ArgumentException">As for <see cref="WithEndpoint(string, string)"/>.</exception>
    public HttpHandlerBuilder WithEndpoint(Uri url, string method = "POST")
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(method);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"'{url}' is not an http or https URL.", nameof(url));
        if (url.UserInfo.Length > 0)
            throw new ArgumentException("The URL must not hold credentials: use WithAuth(username: …, password: …).", nameof(url));
        string m = method.Trim().ToUpperInvariant();
        if (m is not ("POST" or "PUT" or "PATCH"))
            throw new ArgumentException($"The method must be POST, PUT or PATCH (a request with a body), not '{method}'.", nameof(method));
        Endpoint = url;
        Method = m;
        return this;
    }

    /// <summary>Sends <c>Authorization: Bearer <paramref name="token"/></c> (replaces an earlier <c>WithAuth</c>).</summary>
    /// <exception cref="ArgumentException">The token is empty or holds a line break.</exception>
    public HttpHandlerBuilder WithAuth(string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        if (HasControl(token)) throw new ArgumentException("The token must not hold control characters.", nameof(token));
        _authorization = new AuthenticationHeaderValue("Bearer", token.Trim());
        return this;
    }

    /// <summary>Sends HTTP basic authentication (replaces an earlier <c>WithAuth</c>).</summary>
    /// <exception cref="ArgumentException">The user name is empty or holds a colon; the password is null.</exception>
    public HttpHandlerBuilder WithAuth(string username, string? password)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(username);
        if (username.Contains(':', StringComparison.Ordinal) || HasControl(username))
            throw new ArgumentException("The user name must not hold a colon or control characters.", nameof(username));
        if (password is null) throw new ArgumentException("Basic authentication needs a password (it may be empty, not null).", nameof(password));
        _authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(username + ":" + password)));
        return this;
    }

    /// <summary>Adds headers to every request (a name given again replaces its value).</summary>
    /// <exception cref="ArgumentException">A name that is not an HTTP token, a value with a line break, or a header the
    /// handler sets itself (Content-Type, Content-Length, Content-Encoding, Transfer-Encoding, Host, Connection).</exception>
    public HttpHandlerBuilder WithHeaders(IDictionary<string, string> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        foreach (var (name, value) in headers)
        {
            if (string.IsNullOrWhiteSpace(name) || !name.All(IsTokenChar))
                throw new ArgumentException($"'{name}' is not a valid header name.", nameof(headers));
            if (s_reservedHeaders.Contains(name))
                throw new ArgumentException($"The handler sets '{name}' itself.", nameof(headers));
            if (value is null || HasControl(value))
                throw new ArgumentException($"The value of header '{name}' must not be null or hold control characters.", nameof(headers));
        }
        foreach (var (name, value) in headers) _headers[name] = value;
        return this;
    }

    /// <summary>Records per request at most (default 100); a full batch is sent at once.</summary>
    public HttpHandlerBuilder WithBatchSize(int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        BatchSize = batchSize;
        return this;
    }

    /// <summary>How long the oldest buffered record waits before a partial batch is sent (default 1 s).</summary>
    public HttpHandlerBuilder WithFlushInterval(TimeSpan interval)
    {
        if (interval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(interval), interval, "The flush interval must be positive.");
        FlushInterval = interval;
        return this;
    }

    /// <summary>The least time between the starts of two requests; <see cref="TimeSpan.Zero"/> (default) for no limit.</summary>
    public HttpHandlerBuilder WithMinRequestInterval(TimeSpan interval)
    {
        if (interval < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(interval), interval, "The minimum request interval must not be negative.");
        MinRequestInterval = interval;
        return this;
    }

    /// <summary>How long one request may take, connecting included (default 10 s); then it is retried.</summary>
    public HttpHandlerBuilder WithTimeout(TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The request timeout must be positive.");
        Timeout = timeout;
        return this;
    }

    /// <summary>Gzips request bodies (<c>Content-Encoding: gzip</c>, fastest level).</summary>
    public HttpHandlerBuilder WithCompression(bool enabled = true)
    {
        Compression = enabled;
        return this;
    }

    /// <summary>The retry timings (validated by <see cref="Build"/>).</summary>
    public HttpHandlerBuilder WithBackoff(BackoffConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        Backoff = config;
        return this;
    }

    /// <summary>Bodies are JSON arrays of <see cref="FemtoFormatters.Json"/>'s objects (the default; this states it,
    /// and replaces a formatter set earlier).</summary>
    public HttpHandlerBuilder WithJsonFormat() => WithFormatter(FemtoFormatters.Json);

    /// <summary>Whether every record carries the <c>host</c> block (default true).</summary>
    public HttpHandlerBuilder WithHostMetadata(bool include = true)
    {
        HostMetadata = include;
        return this;
    }

    /// <summary>The most bytes of JSON one request carries before compression (default 4 MiB); a batch that would
    /// pass it is sent early, and a single record larger than it is dropped (<see cref="DropReason.Oversize"/>).</summary>
    public HttpHandlerBuilder WithMaxBatchBytes(int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, 1024);
        MaxBatchBytes = bytes;
        return this;
    }

    /// <summary>Adaptive back pressure: callers are slowed to the endpoint's measured rate (the moving average of
    /// the send cost per record), at most <paramref name="maxDelay"/> per call, once they run more than a batch
    /// ahead. Off by default; see docs/http.md for what it costs.</summary>
    /// <param name="enabled">False turns it off (overriding the environment).</param>
    /// <param name="maxDelay">The longest one call is held (default 250 ms).</param>
    /// <param name="initialCostPerRecord">The cost assumed until requests are measured (default 1 ms).</param>
    public HttpHandlerBuilder WithAdaptiveBackPressure(bool enabled = true, TimeSpan? maxDelay = null, TimeSpan? initialCostPerRecord = null)
    {
        if (maxDelay is { } d && d <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(maxDelay), d, "The maximum delay must be positive.");
        if (initialCostPerRecord is { } c && c <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(initialCostPerRecord), c, "The initial send cost must be positive.");
        AdaptiveBackPressure = enabled;
        if (maxDelay is { } delay) BackPressureMaxDelay = delay;
        if (initialCostPerRecord is { } cost) InitialSendCost = cost;
        return this;
    }

    /// <summary>Builds the handler. Nothing is sent until the first batch is due.</summary>
    /// <exception cref="HandlerConfigException">No endpoint; <c>BaseMs &gt; CapMs</c>; an <c>Authorization</c>
    /// header together with <c>WithAuth</c>.</exception>
    public FemtoHttpHandler Build()
    {
        if (Endpoint is null)
            throw new HandlerConfigException($"The HTTP handler needs an endpoint: call WithEndpoint(url) or set {DefaultEnvironmentPrefix}ENDPOINT.");
        if (_authorization is not null && _headers.ContainsKey("Authorization"))
            throw new HandlerConfigException("Authorization is given twice: by WithAuth and in WithHeaders. Keep one.");
        var backoff = Backoff.Validate();
        var target = new HttpTarget(Endpoint, new HttpMethod(Method), _authorization, new Dictionary<string, string>(_headers), Timeout, Compression);
        var batching = new HttpBatchSettings(BatchSize, FlushInterval, MinRequestInterval, MaxBatchBytes, HostMetadata, backoff,
            AdaptiveBackPressure, BackPressureMaxDelay, InitialSendCost);
        return new FemtoHttpHandler(target, batching, Settings);
    }

    private static bool HasControl(string s) => s.Any(char.IsControl);

    // RFC 9110 token characters.
    private static bool IsTokenChar(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9'
          or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
}
