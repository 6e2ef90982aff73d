using System.IO.Compression;

namespace Femto.Handlers;

/// <summary>Gzips closed backups on the handler's worker, a slice at a time between batches of records so the queue
/// keeps draining while a large backup is compressed. Crash-safe: the output goes to <c>app.log.1.gz.tmp</c>, is
/// synced to disk, and only then renamed to <c>app.log.1.gz</c> before the plain backup is deleted, so a crash
/// leaves either the plain backup (and a stale <c>.tmp</c>, cleaned up at the next start) or a complete
/// <c>.gz</c>, never a torn one. Worker thread only.</summary>
internal sealed class BackupCompressor(CompressionLevel level, Action<Exception> report) : IDisposable
{
    private const int ChunkSize = 64 * 1024;

    private readonly Queue<string> _queue = new();
    private byte[]? _chunk;
    private Job? _job;
    private volatile bool _busy;

    /// <summary>True while a backup waits for or is being compressed (readable from any thread).</summary>
    public bool IsBusy => _busy;

    private long _completed;

    /// <summary>Backups compressed so far (readable from any thread).</summary>
    public long Completed => Volatile.Read(ref _completed);

    /// <summary>Queues a plain backup for compression.</summary>
    public void Enqueue(string plainPath)
    {
        _queue.Enqueue(plainPath);
        _busy = true;
    }

    /// <summary>Compresses up to <paramref name="budget"/> bytes of input, then returns.</summary>
    public void Step(long budget)
    {
        while (budget > 0 && (_job is not null || _queue.Count > 0))
        {
            _job ??= Start(_queue.Dequeue());
            if (_job is null) continue;
            budget -= Advance(_job, budget);
        }
        _busy = _job is not null || _queue.Count > 0;
    }

    /// <summary>Finishes every queued backup (before the backups are renamed again, and at close).</summary>
    public void Complete() => Step(long.MaxValue);

    private Job? Start(string plain)
    {
        if (!File.Exists(plain)) return null; // deleted by retention meanwhile
        string partial = plain + BackupFiles.PartialExtension;
        FileStream? source = null, target = null;
        try
        {
            source = new FileStream(plain, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            target = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
            var gzip = new GZipStream(target, level, leaveOpen: true);
            return new Job(plain, partial, source, target, gzip);
        }
        catch (Exception ex) when (RecordBuffer.IsSinkFailure(ex))
        {
            source?.Dispose();
            target?.Dispose();
            TryDelete(partial);
            report(new IOException($"compressing '{plain}' failed; the plain backup is kept: {ex.Message}", ex));
            return null;
        }
    }

    /// <summary>Compresses up to <paramref name="budget"/> bytes of the job; returns the bytes read.</summary>
    private long Advance(Job job, long budget)
    {
        _chunk ??= new byte[ChunkSize];
        long read = 0;
        try
        {
            while (read < budget)
            {
                int n = job.Source.Read(_chunk, 0, (int)Math.Min(_chunk.Length, budget - read));
                if (n == 0)
                {
                    Finish(job);
                    return Math.Max(read, 1);
                }
                job.Gzip.Write(_chunk, 0, n);
                read += n;
            }
            return read;
        }
        catch (Exception ex) when (RecordBuffer.IsSinkFailure(ex))
        {
            Abandon(job);
            report(new IOException($"compressing '{job.Plain}' failed; the plain backup is kept: {ex.Message}", ex));
            return Math.Max(read, 1);
        }
    }

    private void Finish(Job job)
    {
        job.Gzip.Dispose(); // writes the gzip trailer
        job.Target.Flush(flushToDisk: true);
        job.Target.Dispose();
        job.Source.Dispose();
        // The compressed backup keeps the plain one's time: retention by age reads it.
        File.SetLastWriteTimeUtc(job.Partial, File.GetLastWriteTimeUtc(job.Plain));
        BackupRename.Move(job.Partial, job.Plain + BackupFiles.GzipExtension);
        _job = null;
        Interlocked.Increment(ref _completed);
        try
        {
            File.Delete(job.Plain);
        }
        catch (Exception ex) when (RecordBuffer.IsSinkFailure(ex))
        {
            // Both forms exist; the next start deletes the plain one, as after a crash at this point.
            report(new IOException($"'{job.Plain}' was compressed but could not be deleted: {ex.Message}", ex));
        }
    }

    private void Abandon(Job job)
    {
        job.Dispose();
        TryDelete(job.Partial);
        _job = null;
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (Exception ex) when (RecordBuffer.IsSinkFailure(ex)) { }
    }

    /// <summary>Stops without finishing: the plain backup stays (compressed at the next start), the partial output
    /// is removed.</summary>
    public void Dispose()
    {
        if (_job is { } job) Abandon(job);
        _queue.Clear();
        _busy = false;
    }

    private sealed record Job(string Plain, string Partial, FileStream Source, FileStream Target, GZipStream Gzip) : IDisposable
    {
        public void Dispose()
        {
            try { Gzip.Dispose(); }
            catch (Exception ex) when (RecordBuffer.IsSinkFailure(ex)) { }
            Target.Dispose();
            Source.Dispose();
        }
    }
}
