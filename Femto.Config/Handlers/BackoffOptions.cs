using System.Globalization;
using Femto.Handlers;

namespace Femto.Config;

/// <summary>A network handler's retry timings as a configuration gives them: a map <c>backoff: {"base_ms", "cap_ms",
/// "reset_after_ms", "deadline_ms"}</c> or the flat keys <c>backoff_base_ms</c>… (not both). Unset fields keep
/// <see cref="BackoffConfig"/>'s defaults. Shared by the socket and HTTP handler options.</summary>
internal sealed record BackoffOptions(int? BaseMs, int? CapMs, int? ResetAfterMs, int? DeadlineMs)
{
    private static readonly string[] Keys = ["base_ms", "cap_ms", "reset_after_ms", "deadline_ms"];

    /// <summary>The keywords, for <see cref="HandlerParameters"/>.</summary>
    public static readonly string[] Keywords = ["backoff", .. Keys.Select(k => "backoff_" + k)];

    public static BackoffOptions Read(HandlerArguments a)
    {
        var map = a.Map("backoff", Keys);
        if (map is not null && Keys.Any(k => a.Has("backoff_" + k)))
            throw a.At("backoff").Error("give backoff either as a map or as flat backoff_* keys, not both.");
        int? Read(string key)
        {
            if (map is null) return a.Int("backoff_" + key);
            return ConfigValues.TryGet(map, key, out var v) ? ConfigValues.Int(v, a.At("backoff").Key(key)) : null;
        }
        return new BackoffOptions(Read("base_ms"), Read("cap_ms"), Read("reset_after_ms"), Read("deadline_ms"));
    }

    /// <summary>The timings, or null when none was given (the builder's default stands).</summary>
    public BackoffConfig? Config()
    {
        if (BaseMs is null && CapMs is null && ResetAfterMs is null && DeadlineMs is null) return null;
        var d = new BackoffConfig();
        return new BackoffConfig
        {
            BaseMs = BaseMs ?? d.BaseMs,
            CapMs = CapMs ?? d.CapMs,
            ResetAfterMs = ResetAfterMs ?? d.ResetAfterMs,
            DeadlineMs = DeadlineMs ?? d.DeadlineMs,
        };
    }

    public string Signature => string.Create(CultureInfo.InvariantCulture, $"backoff={BaseMs},{CapMs},{ResetAfterMs},{DeadlineMs}");
}
