using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Femto.Handlers;

/// <summary>The <c>host</c> block the HTTP handler adds to every record: <c>hostname</c>, <c>process_id</c>,
/// <c>process_name</c>, <c>working_directory</c>, <c>dotnet_version</c>, <c>femto_version</c>. Read once when the
/// handler is built and kept as UTF-8, so each record costs a copy of ~200 bytes (gzip takes most of them back).</summary>
internal static class HostMetadata
{
    /// <summary>The values, read now.</summary>
    public static IReadOnlyList<KeyValuePair<string, object>> Read()
    {
        string hostname;
        try { hostname = Dns.GetHostName(); } // gethostname(2): no network lookup
        catch (System.Net.Sockets.SocketException) { hostname = Environment.MachineName; }
        string processName;
        using (var self = Process.GetCurrentProcess()) processName = self.ProcessName;
        return
        [
            new("hostname", hostname),
            new("process_id", Environment.ProcessId),
            new("process_name", processName),
            new("working_directory", Environment.CurrentDirectory),
            new("dotnet_version", Environment.Version.ToString()),
            new("femto_version", FemtoVersion),
        ];
    }

    /// <summary>Femto's version (the informational version without its source revision).</summary>
    public static string FemtoVersion { get; } = ReadVersion();

    /// <summary>The bytes that replace a JSON record's closing brace: <c>,"host":{…}}</c>.</summary>
    public static byte[] RecordSuffix()
    {
        var output = new ArrayBufferWriter<byte>(256);
        output.Write(""","host":"""u8);
        using (var json = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            foreach (var (name, value) in Read())
            {
                if (value is int n) json.WriteNumber(name, n);
                else json.WriteString(name, (string)value);
            }
            json.WriteEndObject();
        }
        output.Write("}"u8);
        return output.WrittenSpan.ToArray();
    }

    private static string ReadVersion()
    {
        var assembly = typeof(HostMetadata).Assembly;
        string? version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (version is null) return assembly.GetName().Version?.ToString() ?? "unknown";
        int plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
