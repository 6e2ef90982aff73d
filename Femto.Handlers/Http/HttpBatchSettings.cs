namespace Femto.Handlers;

/// <summary>When the HTTP handler sends and what it adds, as <see cref="HttpHandlerBuilder"/> validated them.</summary>
internal sealed record HttpBatchSettings(int BatchSize, TimeSpan FlushInterval, TimeSpan MinRequestInterval, int MaxBatchBytes,
    bool HostMetadata, BackoffConfig Backoff, bool AdaptiveBackPressure, TimeSpan BackPressureMaxDelay, TimeSpan InitialSendCost);
