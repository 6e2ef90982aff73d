using System.Net.Http.Headers;

namespace Femto.Handlers;

/// <summary>Where and how the HTTP handler sends: endpoint, method, credentials, extra headers, the per-request
/// timeout and compression. Validated by <see cref="HttpHandlerBuilder"/>.</summary>
internal sealed record HttpTarget(Uri Endpoint, HttpMethod Method, AuthenticationHeaderValue? Authorization,
    IReadOnlyDictionary<string, string> Headers, TimeSpan Timeout, bool Compression)
{
    /// <summary>The endpoint without its query or credentials (a query may hold an API key), for reports.</summary>
    public string Display => Endpoint.GetLeftPart(UriPartial.Path);
}
