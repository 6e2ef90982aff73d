using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Femto.Dashboard.Server;

/// <summary>Kestrel serving <c>/</c> (the page) and <c>/ws</c> (the record stream), nothing else. Every request passes
/// the <see cref="AccessPolicy"/> first; the socket also its Origin check.</summary>
internal sealed class DashboardServer
{
    private readonly WebApplication _app;
    private readonly AccessPolicy _access;
    private readonly RecordHub _hub;
    private readonly DashboardPage _page;

    private DashboardServer(WebApplication app, AccessPolicy access, RecordHub hub, DashboardPage page)
    {
        _app = app;
        _access = access;
        _hub = hub;
        _page = page;
    }

    /// <summary>The port listened on (the chosen one when 0 was asked for).</summary>
    public int Port { get; private set; }

    /// <summary>Starts listening; returns once the port is bound.</summary>
    /// <exception cref="IOException">The address could not be bound (e.g. the port is taken).</exception>
    public static DashboardServer Start(ListenAddress listen, int port, AccessPolicy access, RecordHub hub)
    {
        // An empty builder: no configuration sources (ASPNETCORE_URLS and appsettings cannot move the dashboard),
        // no logging providers, only Kestrel, and no console lifetime taking over the process's signals.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(DashboardServer).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 0; // nothing is ever posted
            kestrel.Listen(listen.Address, port);
        });
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, EmbeddedHostLifetime>();
        var app = builder.Build();
        var server = new DashboardServer(app, access, hub, DashboardPage.Load());
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(15) });
        app.Run(server.HandleAsync);
        try
        {
            app.StartAsync().GetAwaiter().GetResult();
        }
        catch (IOException ex)
        {
            app.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw new IOException($"The dashboard could not listen on {listen.Address}:{port} ({ex.Message}). Use Port = 0 for a free port.", ex);
        }
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        server.Port = new Uri(addresses.First()).Port;
        return server;
    }

    /// <summary>Stops listening, waiting up to <paramref name="timeout"/> for requests in progress.</summary>
    public void Stop(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try { _app.StopAsync(cts.Token).GetAwaiter().GetResult(); }
        catch (OperationCanceledException) { /* forced */ }
        _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Content-Type-Options"] = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer"; // the token is in the URL: never pass it on
        if (_access.Check(request) is { } refused)
        {
            await PlainAsync(response, refused.Status, refused.Reason).ConfigureAwait(false);
            return;
        }
        switch (request.Path.Value)
        {
            case "/" when HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method):
                response.ContentType = "text/html; charset=utf-8";
                response.Headers.ContentSecurityPolicy = _page.ContentSecurityPolicy;
                response.Headers.XFrameOptions = "DENY";
                response.ContentLength = _page.Html.Length;
                if (HttpMethods.IsGet(request.Method)) await response.Body.WriteAsync(_page.Html).ConfigureAwait(false);
                return;
            case "/ws" when context.WebSockets.IsWebSocketRequest:
                if (!_access.IsOriginAllowed(request))
                {
                    await PlainAsync(response, StatusCodes.Status403Forbidden, "This origin may not open the dashboard's socket.").ConfigureAwait(false);
                    return;
                }
                using (var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false))
                {
                    long since = long.TryParse(request.Query["since"], NumberStyles.None, CultureInfo.InvariantCulture, out long s) ? s : 0;
                    await _hub.ServeAsync(socket, since, request.Query["instance"].FirstOrDefault()).ConfigureAwait(false);
                }
                return;
            case "/ws":
                await PlainAsync(response, StatusCodes.Status400BadRequest, "Expected a WebSocket request.").ConfigureAwait(false);
                return;
            default:
                await PlainAsync(response, StatusCodes.Status404NotFound, "Not found.").ConfigureAwait(false);
                return;
        }
    }

    private static Task PlainAsync(HttpResponse response, int status, string text)
    {
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        return response.WriteAsync(text + "\n");
    }
}
