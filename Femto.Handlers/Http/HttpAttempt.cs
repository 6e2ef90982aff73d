namespace Femto.Handlers;

/// <summary>What one request came to.</summary>
internal enum HttpAttemptKind
{
    /// <summary>2xx: the batch is delivered.</summary>
    Accepted,
    /// <summary>408, 429, 5xx, a timeout or a connection failure: try the batch again later.</summary>
    Retry,
    /// <summary>Any other status: the endpoint will not take this batch; it is dropped and counted.</summary>
    Rejected,
}

/// <summary>The outcome of one request.</summary>
/// <param name="Kind">Accepted, retry, or rejected.</param>
/// <param name="Status">The response status, or null when there was no response.</param>
/// <param name="RetryAfter">The wait the response's <c>Retry-After</c> asked for (seconds or an HTTP date), if any.</param>
/// <param name="Error">The failure, or null when accepted.</param>
internal readonly record struct HttpAttempt(HttpAttemptKind Kind, int? Status, TimeSpan? RetryAfter, Exception? Error)
{
    /// <summary>Whether a status is retried: 408, 429 and every 5xx.</summary>
    public static bool IsRetryable(int status) => status is 408 or 429 or >= 500 and <= 599;
}
