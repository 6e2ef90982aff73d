using Microsoft.Extensions.Time.Testing;

namespace Femto.Tests.Handlers;

/// <summary>The hooks FemtoHandler gives network sinks, as a third-party handler uses them: an asynchronous flush
/// that blocks no thread, the close's timeout before the drain, producer pacing on the threads that may wait, and
/// idle work timed by a fake clock running as soon as the clock moves.</summary>
public sealed class HandlerHooksTests : FemtoTestBase
{
    private sealed class HookedHandler(TimeProvider? clock = null) : FemtoHandler("hooked", new HandlerSettings { TimeProvider = clock ?? TimeProvider.System })
    {
        public ManualResetEventSlim FlushGate { get; } = new(true);
        public ManualResetEventSlim FlushEntered { get; } = new(false);
        public ManualResetEventSlim Idle { get; } = new(false);
        public ManualResetEventSlim Parked { get; } = new(false);
        public List<string> Written { get; } = [];
        public (TimeSpan Timeout, int Thread, bool DrainedBefore)? Closing { get; private set; }
        public bool Pacing { init => PacesProducers = value; }
        public TimeSpan Delay { get; set; }
        public int Paced => Volatile.Read(ref _paced);
        private int _paced;
        private bool _pending;

        public Task<bool> FlushAsync(TimeSpan timeout) => WhenFlushedAsync(timeout);

        protected override void Write(in FemtoRecordView record)
        {
            lock (Written) Written.Add(record.Message);
            _pending = true;
        }

        protected override bool FlushSink()
        {
            FlushEntered.Set();
            FlushGate.Wait();
            return true;
        }

        protected override bool HasBufferedOutput => _pending;

        protected override TimeSpan IdleInterval
        {
            get
            {
                if (_pending) Parked.Set(); // the worker asks while it parks
                return TimeSpan.FromHours(1);
            }
        }

        protected override void OnIdle()
        {
            _pending = false;
            Idle.Set();
        }

        protected override void OnClosing(TimeSpan timeout)
        {
            int written;
            lock (Written) written = Written.Count;
            Closing = (timeout, Environment.CurrentManagedThreadId, written > 0);
        }

        protected override TimeSpan ProducerDelay(FemtoLevel level)
        {
            Interlocked.Increment(ref _paced);
            return Delay;
        }
    }

    [Test]
    public async Task WhenFlushedAsync_completes_after_the_sink_flush_without_holding_a_thread_and_times_out_while_it_blocks()
    {
        var handler = Track(new HookedHandler());
        handler.FlushGate.Reset();
        handler.Handle("h", FemtoLevel.Info, "one");
        var flush = handler.FlushAsync(Patience);
        Assert.That(handler.FlushEntered.Wait(Patience), Is.True);
        Assert.That(flush.IsCompleted, Is.False, "the sink flush has not returned");
        Assert.That(await handler.FlushAsync(TimeSpan.FromMilliseconds(50)), Is.False, "timed out while the sink blocks");

        handler.FlushGate.Set();
        Assert.That(await flush, Is.True);
        Assert.That(await handler.FlushAsync(Patience), Is.True, "nothing new: already flushed");
        handler.Close();
        Assert.That(await handler.FlushAsync(Patience), Is.False, "closed");
    }

    [Test]
    public void OnClosing_runs_on_the_closing_thread_with_the_timeout_before_the_worker_drains()
    {
        var handler = Track(new HookedHandler());
        handler.FlushGate.Reset(); // hold the worker so the record is still queued when Close starts
        handler.Handle("h", FemtoLevel.Info, "first");
        handler.Flush(TimeSpan.FromMilliseconds(1));
        Assert.That(handler.FlushEntered.Wait(Patience), Is.True);
        handler.Handle("h", FemtoLevel.Info, "queued");
        var closing = Task.Run(() => handler.Close(TimeSpan.FromSeconds(3)));
        Assert.That(SpinWait.SpinUntil(() => handler.Closing is not null, Patience), Is.True);
        handler.FlushGate.Set();
        Assert.That(closing.Wait(Patience) && closing.Result, Is.True);
        Assert.That(handler.Closing!.Value.Timeout, Is.EqualTo(TimeSpan.FromSeconds(3)));
        Assert.That(handler.Closing.Value.Thread, Is.Not.EqualTo(Environment.CurrentManagedThreadId), "the closing task's thread");
        Assert.That(handler.Written, Is.EqualTo(new[] { "first", "queued" }), "the queued record was still written after OnClosing");
    }

    [Test]
    public void ProducerDelay_is_asked_for_each_record_only_when_pacing_is_on()
    {
        var paced = Track(new HookedHandler { Pacing = true });
        var plain = Track(new HookedHandler());
        var log = NewLogger("paced");
        log.AddHandler(paced);
        log.AddHandler(plain);
        for (int i = 0; i < 10; i++) log.Info("r" + i);
        paced.Handle("h", FemtoLevel.Info, "direct");
        FlushOrFail(log);
        Assert.That(paced.Flush(Patience), Is.True);
        Assert.That((paced.Paced, plain.Paced), Is.EqualTo((11, 0)));
    }

    [Test]
    public void A_producer_delay_holds_the_calling_thread_on_the_handlers_clock()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var handler = Track(new HookedHandler(clock) { Pacing = true, Delay = TimeSpan.FromHours(1) });
        var call = Task.Run(() => handler.Handle("h", FemtoLevel.Info, "held"));
        Assert.That(call.Wait(TimeSpan.FromMilliseconds(150)), Is.False, "held until the clock moves");
        Assert.That(SpinWait.SpinUntil(() => { clock.Advance(TimeSpan.FromMinutes(30)); return call.IsCompleted; }, Patience), Is.True);
        Assert.That(handler.Flush(Patience), Is.True);
        Assert.That(handler.Written, Is.EqualTo(new[] { "held" }));
    }

    [Test]
    public void Idle_work_on_a_fake_clock_runs_when_the_clock_moves_not_when_the_real_wait_ends()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var handler = Track(new HookedHandler(clock));
        handler.Handle("h", FemtoLevel.Info, "one");
        Assert.That(handler.Parked.Wait(Patience), Is.True, "the worker parked with idle work due in an hour");
        Assert.That(handler.Idle.IsSet, Is.False);

        clock.Advance(TimeSpan.FromHours(1));

        Assert.That(handler.Idle.Wait(Patience), Is.True, "run at once, not after an hour of real time");
    }

    private sealed class SlowClosingHandler() : FemtoHandler("slow closing", new HandlerSettings())
    {
        public ManualResetEventSlim CloseEntered { get; } = new(false);
        public ManualResetEventSlim CloseGate { get; } = new(false);
        public bool SinkClosed => Volatile.Read(ref _sinkClosed);
        private bool _sinkClosed;

        protected override void Write(in FemtoRecordView record) { }

        protected override void CloseSink()
        {
            CloseEntered.Set();
            CloseGate.Wait();
            Volatile.Write(ref _sinkClosed, true);
        }
    }

    [Test]
    public void Close_returns_only_once_the_sink_is_closed()
    {
        // Close used to return as soon as the worker marked the queue stopped, before the sink was released: a caller
        // could find an owned stream still open after Dispose (seen as a flaky StreamIsLeftOpenUnlessOwned).
        var handler = Track(new SlowClosingHandler());
        handler.Handle("h", FemtoLevel.Info, "one");
        var closing = Task.Run(() => handler.Close(Patience));
        Assert.That(handler.CloseEntered.Wait(Patience), Is.True, "the worker never closed the sink");
        // Longer than the waiter's 100 ms safety re-check, which is what let Close return early.
        Assert.That(closing.Wait(TimeSpan.FromMilliseconds(400)), Is.False, "Close returned while the sink was still closing");
        handler.CloseGate.Set();
        Assert.That(closing.Wait(Patience), Is.True, "Close did not return after the sink closed");
        Assert.That(closing.Result, Is.True);
        Assert.That(handler.SinkClosed, Is.True);
    }
}
