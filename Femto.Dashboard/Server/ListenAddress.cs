using System.Net;
using System.Net.Sockets;

namespace Femto.Dashboard.Server;

/// <summary>Where the dashboard listens, resolved from <see cref="DashboardOptions.Host"/>, and the host part its URL uses.</summary>
internal sealed record ListenAddress(IPAddress Address, string UrlHost, bool IsLoopback)
{
    /// <summary>True for <c>localhost</c> and loopback IP literals (127.0.0.0/8, ::1), with or without brackets.</summary>
    public static bool IsLoopbackName(string host)
    {
        host = host.Trim();
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
    }

    /// <summary>Resolves the configured host. A name other than <c>localhost</c> is looked up once, IPv4 first.</summary>
    /// <exception cref="HandlerConfigException">The name resolves to no address.</exception>
    public static ListenAddress Resolve(string host)
    {
        host = host.Trim();
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return new(IPAddress.Loopback, "localhost", true);
        if (IPAddress.TryParse(host.Trim('[', ']'), out var ip))
        {
            string urlHost = ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any) ? Dns.GetHostName()
                : ip.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{ip}]" : ip.ToString();
            return new(ip, urlHost, IPAddress.IsLoopback(ip));
        }
        IPAddress[] addresses;
        try { addresses = Dns.GetHostAddresses(host); }
        catch (SocketException ex) { throw new HandlerConfigException($"The dashboard host '{host}' could not be resolved: {ex.Message}", ex); }
        var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
            ?? throw new HandlerConfigException($"The dashboard host '{host}' resolves to no address.");
        // Only the name decides whether a token is required (Validate); a name that happens to resolve to loopback
        // is still treated as reachable by others for the Host-header check.
        return new(chosen, host, false);
    }
}
