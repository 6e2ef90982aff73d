using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;

namespace Femto.Handlers;

/// <summary>Sends one batch per call, synchronously, on the handler's worker: a JSON array built from the buffered
/// records without copying them (or gzipped into a reused buffer), through one <see cref="HttpClient"/> over a
/// <see cref="SocketsHttpHandler"/> that keeps its connection between requests. Each request is bounded by the
/// target's timeout on the handler's clock and cancelled when the handler's close runs out of time.</summary>
internal sealed class HttpSender : IDisposable
{
    private static readonly ReadOnlyMemory<byte> Open = "["u8.ToArray();
    private static readonly ReadOnlyMemory<byte> Close = "]"u8.ToArray();
    private static readonly MediaTypeHeaderValue JsonType = new("application/json");

    private readonly HttpTarget _target;
    private readonly TimeProvider _time;
    private readonly HttpClient _client;
    private readonly FemtoBuffer _gzip = new(16 * 1024);
    private readonly CancellationTokenSource _closing = new();
    private CancellationTokenSource _attempt;

    public HttpSender(HttpTarget target, TimeProvider time)
    {
        _target = target;
        _time = time;
        var transport = new SocketsHttpHandler
        {
            ConnectTimeout = target.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5), // follow DNS changes of the ingest's name
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
            AllowAutoRedirect = false, // a 301/302 would turn the POST into a GET and lose the batch
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = true,
        };
        _client = new HttpClient(transport, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        var headers = _client.DefaultRequestHeaders;
        headers.UserAgent.Add(new ProductInfoHeaderValue("Femto", HostMetadata.FemtoVersion));
        headers.Authorization = target.Authorization;
        foreach (var (name, value) in target.Headers) headers.TryAddWithoutValidation(name, value);
        _attempt = NewAttempt();
        ClosingToken = _closing.Token;
        ClosingToken.Register(static s => ((HttpSender)s!).CancelAttempt(), this);
    }

    /// <summary>Cancelled when the handler's close runs out of time.</summary>
    public CancellationToken ClosingToken { get; }

    /// <summary>True once the close is out of time: requests are cancelled and no new one starts.</summary>
    public bool IsClosing => ClosingToken.IsCancellationRequested;

    /// <summary>After <paramref name="delay"/> (real time: the close's caller is waiting), cancels the request in
    /// flight and every later one.</summary>
    public void CancelAllAfter(TimeSpan delay)
    {
        try { _closing.CancelAfter(delay <= TimeSpan.Zero ? TimeSpan.Zero : delay); }
        catch (ObjectDisposedException) { /* the worker already finished: nothing in flight */ }
    }

    /// <summary>Posts <paramref name="records"/> — buffered JSON objects separated by commas — as one JSON array.</summary>
    public HttpAttempt Send(ReadOnlyMemory<byte> records)
    {
        if (IsClosing)
            return new(HttpAttemptKind.Retry, null, null, new OperationCanceledException("the handler is closing and out of time"));
        using var request = new HttpRequestMessage(_target.Method, _target.Endpoint)
        {
            Version = HttpVersion.Version11,
            Content = _target.Compression ? Compressed(records) : new BatchContent(Open, records, Close),
        };
        request.Content.Headers.ContentType = JsonType;
        if (_target.Compression) request.Content.Headers.ContentEncoding.Add("gzip");
        var attempt = _attempt;
        if (!attempt.TryReset())
        {
            // Cancelled by the last timeout: a fresh one (the old one cannot be reset).
            attempt.Dispose();
            attempt = NewAttempt();
            Volatile.Write(ref _attempt, attempt);
        }
        attempt.CancelAfter(_target.Timeout);
        try
        {
            using var response = _client.Send(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token);
            int status = (int)response.StatusCode;
            Drain(response, attempt.Token);
            if (status is >= 200 and <= 299) return new(HttpAttemptKind.Accepted, status, null, null);
            var error = new HttpRequestException($"HTTP {status} {response.ReasonPhrase}".TrimEnd(), null, response.StatusCode);
            return HttpAttempt.IsRetryable(status)
                ? new(HttpAttemptKind.Retry, status, RetryAfter(response.Headers.RetryAfter), error)
                : new(HttpAttemptKind.Rejected, status, null, error);
        }
        catch (OperationCanceledException ex)
        {
            string why = IsClosing ? "cancelled: the handler is closing and out of time"
                : $"timed out after {_target.Timeout.TotalSeconds:0.###} s";
            return new(HttpAttemptKind.Retry, null, null, new TimeoutException($"{_target.Display}: {why}", ex));
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or ObjectDisposedException)
        {
            // Connection refused or reset, DNS, TLS: retried like a 5xx.
            return new(HttpAttemptKind.Retry, null, null, ex);
        }
        finally
        {
            attempt.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Reads a (small) response body to its end into a reused scratch buffer, so the connection goes back
    /// to the pool for the next request; a body over 64 KiB is left, and the connection with it.</summary>
    private void Drain(HttpResponseMessage response, CancellationToken token)
    {
        try
        {
            using var body = response.Content.ReadAsStream(token);
            int total = 0, n;
            while (total < 64 * 1024 && (n = body.Read(_scratch)) > 0) total += n;
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException)
        {
            // The status is in: the batch's fate is decided. Only the connection is not reused.
        }
    }

    private readonly byte[] _scratch = new byte[4096];

    private CancellationTokenSource NewAttempt() => new(Timeout.InfiniteTimeSpan, _time);

    private void CancelAttempt()
    {
        try { Volatile.Read(ref _attempt).Cancel(); }
        catch (ObjectDisposedException) { }
    }

    /// <summary>The body gzipped into the reused output buffer: <c>[</c>, the records, <c>]</c>.</summary>
    private BatchContent Compressed(ReadOnlyMemory<byte> records)
    {
        _gzip.Clear();
        using (var gzip = new GZipStream(new BufferStream(_gzip), CompressionLevel.Fastest, leaveOpen: false))
        {
            gzip.Write(Open.Span);
            gzip.Write(records.Span);
            gzip.Write(Close.Span);
        }
        return new BatchContent(_gzip.WrittenMemory);
    }

    /// <summary>The wait a <c>Retry-After</c> header asks for: its seconds, or its date less the handler's clock.</summary>
    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header)
    {
        if (header is null) return null;
        if (header.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header.Date is { } date)
        {
            var wait = date - _time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }

    public void Dispose()
    {
        _client.Dispose();
        _attempt.Dispose();
        _closing.Dispose();
    }
}
