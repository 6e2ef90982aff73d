using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Femto.Dashboard.Server;

/// <summary>Who may read the dashboard: the token (page and socket), the Host header of a loopback-only dashboard
/// (so a DNS-rebinding page cannot reach it by another name), and the Origin of a socket (so no other site's page can
/// open it in a visitor's browser).</summary>
internal sealed class AccessPolicy(ListenAddress listen, string? token, IReadOnlyList<string>? allowedOrigins)
{
    private readonly byte[]? _token = token is null ? null : Encoding.UTF8.GetBytes(token);
    private readonly string[] _origins = [.. (allowedOrigins ?? []).Select(Normalize)];

    /// <summary>A refusal: the status code and a short plain-text reason.</summary>
    public readonly record struct Refusal(int Status, string Reason);

    /// <summary>Checks the Host header and the token of any request; null when it may go on.</summary>
    public Refusal? Check(HttpRequest request)
    {
        if (listen.IsLoopback && !ListenAddress.IsLoopbackName(request.Host.Host))
            return new(StatusCodes.Status403Forbidden, "This dashboard listens on loopback only and answers to localhost, 127.0.0.1 or [::1], not to another host name.");
        if (_token is null) return null;
        string? given = request.Query["token"].FirstOrDefault();
        if (given is null && request.Headers.Authorization.FirstOrDefault() is { } auth && auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            given = auth["Bearer ".Length..].Trim();
        if (string.IsNullOrEmpty(given))
            return new(StatusCodes.Status401Unauthorized, "This dashboard requires a token: open the URL it printed (ending in ?token=...).");
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), _token)
            ? null
            : new(StatusCodes.Status403Forbidden, "Wrong token.");
    }

    /// <summary>A socket may be opened by a page of the same origin, of an allowed origin, or by a non-browser client
    /// (browsers always send Origin; other clients need the token like everyone else).</summary>
    public bool IsOriginAllowed(HttpRequest request)
    {
        var values = request.Headers.Origin;
        if (values.Count == 0) return true;
        if (values.Count > 1) return false;
        string origin = values[0] ?? "";
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) return false;
        bool sameOrigin = uri.Scheme == request.Scheme && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
        return sameOrigin || _origins.Contains(Normalize(origin), StringComparer.OrdinalIgnoreCase);
    }

    private static string Normalize(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : origin;
}
