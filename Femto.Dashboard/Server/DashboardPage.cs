using System.Security.Cryptography;
using System.Text;

namespace Femto.Dashboard.Server;

/// <summary>The page, read once from the assembly, with a Content-Security-Policy that allows exactly its own inline
/// script and style (by hash) and connections to its own origin: even if some text ever escaped escaping, no injected
/// script or handler attribute could run, and nothing is fetched from anywhere else.</summary>
internal sealed class DashboardPage
{
    private const string ResourceName = "Femto.Dashboard.dashboard.html";

    private DashboardPage(byte[] html, string csp)
    {
        Html = html;
        ContentSecurityPolicy = csp;
    }

    /// <summary>The page, UTF-8.</summary>
    public byte[] Html { get; }

    /// <summary>The policy served with it.</summary>
    public string ContentSecurityPolicy { get; }

    /// <summary>The page as embedded in this assembly.</summary>
    public static DashboardPage Load()
    {
        using var stream = typeof(DashboardPage).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The dashboard page resource '{ResourceName}' is missing from the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        string html = reader.ReadToEnd();
        string csp = "default-src 'none'; " +
            $"script-src {Hash(Element(html, "script"))}; style-src {Hash(Element(html, "style"))}; " +
            "connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        return new DashboardPage(Encoding.UTF8.GetBytes(html), csp);
    }

    /// <summary>The text of the page's one <c>&lt;tag&gt;</c> element.</summary>
    private static string Element(string html, string tag)
    {
        int open = html.IndexOf($"<{tag}>", StringComparison.Ordinal);
        int close = html.IndexOf($"</{tag}>", StringComparison.Ordinal);
        if (open < 0 || close < open) throw new InvalidOperationException($"The dashboard page has no <{tag}> element.");
        return html[(open + tag.Length + 2)..close];
    }

    private static string Hash(string text) => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)))}'";
}
