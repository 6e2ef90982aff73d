using System.Globalization;
using Femto.Handlers;

namespace Femto.Config;

/// <summary>An HTTP handler's options, read and validated: <c>args</c> <c>(url[, method])</c>; keywords <c>url</c>,
/// <c>method</c> (POST, PUT, PATCH), <c>token</c> (alias <c>api_key</c>) or <c>username</c>/<c>password</c>,
/// <c>headers</c> (a map of strings), <c>batch_size</c>, <c>flush_interval_ms</c>, <c>min_request_interval_ms</c>
/// (0 disables), <c>timeout_ms</c>, <c>compression</c>, <c>host_metadata</c>, <c>max_batch_bytes</c>,
/// <c>adaptive_back_pressure</c>, <c>back_pressure_max_delay_ms</c>, <c>initial_send_cost_us</c>,
/// <c>environment_prefix</c> (start from <see cref="HttpHandlerBuilder.FromEnvironment"/>; the other options
/// override), the backoff keys and the common options. The formatter, if given, must be <c>json</c>.</summary>
internal sealed record HttpOptions(string? Url, string? Method, string? Token, string? Username, string? Password,
    IReadOnlyList<KeyValuePair<string, string>>? Headers, int? BatchSize, int? FlushIntervalMs, int? MinRequestIntervalMs,
    int? TimeoutMs, bool? Compression, bool? HostMetadata, int? MaxBatchBytes, bool? AdaptiveBackPressure,
    int? BackPressureMaxDelayMs, int? InitialSendCostUs, string? EnvironmentPrefix, BackoffOptions Backoff, CommonOptions Common)
{
    public const string FemtoClass = "FemtoHttpHandler";

    public static HandlerParameters Parameters { get; } = new(
        ["url", "method"],
        ["url", "method", "token|api_key", "username", "password", "headers", "batch_size", "flush_interval_ms",
         "min_request_interval_ms", "timeout_ms", "compression", "host_metadata", "max_batch_bytes", "adaptive_back_pressure",
         "back_pressure_max_delay_ms", "initial_send_cost_us", "environment_prefix", .. BackoffOptions.Keywords, .. CommonOptions.Keywords]);

    public static HttpOptions Read(HandlerArguments a, HandlerContext c)
    {
        string? prefix = a.String("environment_prefix");
        if (prefix is null) a.Require("url", c.Where);
        string? url = a.Text("url");
        string? method = a.Text("method");
        if (method is not null) Check("method", () => new HttpHandlerBuilder().WithEndpoint("http://localhost/", method));
        if (url is not null) Check("url", () => new HttpHandlerBuilder().WithEndpoint(url));
        string? token = a.String("token");
        string? username = a.Text("username");
        string? password = a.String("password");
        if (token is not null && (username is not null || password is not null))
            throw a.At("token").HandlerError("give either a token or a username and password, not both.");
        if (password is not null && username is null) throw a.At("password").HandlerError("a password needs a username.");
        if (username is not null && password is null) throw a.At("username").HandlerError("a username needs a password.");
        if (token is not null) Check("token", () => new HttpHandlerBuilder().WithAuth(token));
        if (username is not null) Check("username", () => new HttpHandlerBuilder().WithAuth(username, password));
        IReadOnlyList<KeyValuePair<string, string>>? headers = null;
        if (a.Has("headers"))
        {
            var at = a.At("headers");
            headers = ConfigValues.Map(a.Raw("headers"), at).Select(h => new KeyValuePair<string, string>(h.Key, ConfigValues.String(h.Value, at.Key(h.Key)))).ToList();
            Check("headers", () => new HttpHandlerBuilder().WithHeaders(headers.ToDictionary()));
        }
        if (c.Formatter is { } formatter && !ReferenceEquals(formatter, FemtoFormatters.Json))
            throw c.Where.HandlerError($"an HTTP handler sends JSON arrays of the json formatter's records; its formatter must be 'json' or left out, not '{c.FormatterName}'.");
        return new HttpOptions(url, method, token, username, password, headers, a.Int("batch_size"), a.Int("flush_interval_ms"),
            a.Int("min_request_interval_ms", min: 0), a.Int("timeout_ms"), a.Bool("compression"), a.Bool("host_metadata"),
            a.Int("max_batch_bytes", min: 1024), a.Bool("adaptive_back_pressure"), a.Int("back_pressure_max_delay_ms"),
            a.Int("initial_send_cost_us"), prefix, BackoffOptions.Read(a), CommonOptions.Read(a, c));

        void Check(string key, Action validate)
        {
            try { validate(); }
            catch (ArgumentException ex) { throw a.At(key).HandlerError(DictConfigReader.WithoutParameter(ex), ex); }
        }
    }

    /// <summary>Where the handler sends, for reports (no query: it may hold a key).</summary>
    public string Target => Url is { } url && Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Path) : "(from the environment)";

    /// <summary>The builder these options describe: <see cref="HttpHandlerBuilder.FromEnvironment"/> when a prefix is
    /// given, else a new one; then every option given, then the common options.</summary>
    public HttpHandlerBuilder Builder()
    {
        var b = EnvironmentPrefix is { } prefix ? HttpHandlerBuilder.FromEnvironment(prefix) : new HttpHandlerBuilder();
        if (Url is { } url) b.WithEndpoint(url, Method ?? "POST");
        if (Token is { } token) b.WithAuth(token);
        if (Username is { } user) b.WithAuth(user, Password);
        if (Headers is { } headers) b.WithHeaders(headers.ToDictionary());
        if (BatchSize is { } batch) b.WithBatchSize(batch);
        if (FlushIntervalMs is { } flush) b.WithFlushInterval(TimeSpan.FromMilliseconds(flush));
        if (MinRequestIntervalMs is { } spacing) b.WithMinRequestInterval(TimeSpan.FromMilliseconds(spacing));
        if (TimeoutMs is { } timeout) b.WithTimeout(TimeSpan.FromMilliseconds(timeout));
        if (Compression is { } gzip) b.WithCompression(gzip);
        if (HostMetadata is { } host) b.WithHostMetadata(host);
        if (MaxBatchBytes is { } bytes) b.WithMaxBatchBytes(bytes);
        if (AdaptiveBackPressure is not null || BackPressureMaxDelayMs is not null || InitialSendCostUs is not null)
            b.WithAdaptiveBackPressure(AdaptiveBackPressure ?? b.AdaptiveBackPressure,
                BackPressureMaxDelayMs is { } delay ? TimeSpan.FromMilliseconds(delay) : null,
                InitialSendCostUs is { } cost ? TimeSpan.FromMicroseconds(cost) : null);
        if (Backoff.Config() is { } backoff) b.WithBackoff(backoff);
        return Common.ApplyTo(b);
    }

    public string Signature => string.Create(CultureInfo.InvariantCulture,
        $"method={Method};auth={(Token ?? Username + ":" + Password).GetHashCode(StringComparison.Ordinal)};headers={string.Join(",", Headers?.Select(h => h.Key + "=" + h.Value) ?? [])};batch={BatchSize};flush={FlushIntervalMs};spacing={MinRequestIntervalMs};timeout={TimeoutMs};gzip={Compression};host={HostMetadata};bytes={MaxBatchBytes};pacing={AdaptiveBackPressure},{BackPressureMaxDelayMs},{InitialSendCostUs};env={EnvironmentPrefix};{Backoff.Signature}");

    public IEnumerable<KeyValuePair<string, string>> Details =>
    [
        new("batch", (BatchSize ?? HttpHandlerBuilder.DefaultBatchSize).ToString(CultureInfo.InvariantCulture)),
        .. Compression == true ? [new KeyValuePair<string, string>("compression", "gzip")] : Array.Empty<KeyValuePair<string, string>>(),
    ];
}
