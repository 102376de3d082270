using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NeuralAudio.Datasets.Tests.Infrastructure;

/// <summary>A request the fixture server received, and how many body bytes it sent back.</summary>
public sealed class RecordedRequest
{
    public required string Path { get; init; }
    public required string PathAndQuery { get; init; }
    public string? Range { get; init; }
    public int Status { get; set; }
    public long BytesSent { get; set; }
    public DateTime ReceivedAt { get; init; }
}

/// <summary>How <see cref="FixtureServer.MapFile"/> serves a file.</summary>
public sealed record FileBehaviour
{
    /// <summary>Abort the connection after this many body bytes, on the request with this 0-based index (per path).</summary>
    public (int Request, long Bytes)? AbortAfter { get; init; }

    /// <summary>Send this many body bytes on the request with this 0-based index, then stall until the client gives up.</summary>
    public (int Request, long Bytes)? StallAfter { get; init; }

    /// <summary>Answer range requests with the whole file (HTTP 200), as servers without range support do.</summary>
    public bool IgnoreRange { get; init; }
}

/// <summary>
/// An HTTP server on 127.0.0.1 (HttpListener on a free port) that records every request. Nothing in the tests reaches
/// beyond it: every URL they use points here.
/// </summary>
public sealed class FixtureServer : IDisposable
{
    private readonly HttpListener _listener;
    private readonly ConcurrentDictionary<string, Func<HttpListenerContext, int, RecordedRequest, Task>> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FixtureServer()
    {
        for (int attempt = 0; ; attempt++)
        {
            int port = FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                _listener = listener;
                BaseUrl = new Uri($"http://127.0.0.1:{port}/");
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
        _loop = Task.Run(LoopAsync);
    }

    public Uri BaseUrl { get; }

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    public Uri Url(string path) => new(BaseUrl, path.TrimStart('/'));

    public void Map(string path, Func<HttpListenerContext, int, RecordedRequest, Task> handler) => _routes[path] = handler;

    /// <summary>Serves <paramref name="content"/> at <paramref name="path"/> with range support (206, 416).</summary>
    public void MapFile(string path, byte[] content, FileBehaviour? behaviour = null)
    {
        behaviour ??= new FileBehaviour();
        Map(path, async (context, index, record) =>
        {
            var response = context.Response;
            long start = 0;
            string? range = context.Request.Headers["Range"];
            if (range is not null && !behaviour.IgnoreRange)
            {
                if (!range.StartsWith("bytes=", StringComparison.Ordinal) || !range.EndsWith('-')
                    || !long.TryParse(range["bytes=".Length..^1], out start))
                {
                    response.StatusCode = record.Status = 400;
                    response.Close();
                    return;
                }
                if (start >= content.Length)
                {
                    response.StatusCode = record.Status = 416;
                    response.Headers["Content-Range"] = $"bytes */{content.Length}";
                    response.ContentLength64 = 0;
                    response.Close();
                    return;
                }
                response.StatusCode = 206;
                response.Headers["Content-Range"] = $"bytes {start}-{content.Length - 1}/{content.Length}";
            }
            else
            {
                response.StatusCode = 200;
            }
            response.Headers["Accept-Ranges"] = "bytes";
            response.ContentType = "application/octet-stream";
            long length = content.Length - start;
            response.ContentLength64 = length;
            record.Status = response.StatusCode;

            if (behaviour.AbortAfter is { } abort && abort.Request == index && abort.Bytes < length)
            {
                await response.OutputStream.WriteAsync(content.AsMemory((int)start, (int)abort.Bytes));
                await response.OutputStream.FlushAsync();
                record.BytesSent = abort.Bytes;
                await Task.Delay(300); // let the client read what was sent before the connection goes
                response.Abort();
                return;
            }
            if (behaviour.StallAfter is { } stall && stall.Request == index && stall.Bytes < length)
            {
                await response.OutputStream.WriteAsync(content.AsMemory((int)start, (int)stall.Bytes));
                await response.OutputStream.FlushAsync();
                record.BytesSent = stall.Bytes;
                try { await Task.Delay(TimeSpan.FromSeconds(30), _stop.Token); }
                catch (OperationCanceledException) { }
                response.Abort();
                return;
            }
            await response.OutputStream.WriteAsync(content.AsMemory((int)start, (int)length));
            record.BytesSent = length;
            response.Close();
        });
    }

    public static Task WriteJsonAsync(HttpListenerContext context, int status, string json, RecordedRequest record)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = bytes.Length;
        record.Status = status;
        record.BytesSent = bytes.Length;
        context.Response.OutputStream.Write(bytes);
        context.Response.Close();
        return Task.CompletedTask;
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested || !_listener.IsListening)
            {
                return;
            }
            catch (HttpListenerException)
            {
                continue;
            }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        string path = context.Request.Url!.AbsolutePath;
        var record = new RecordedRequest
        {
            Path = path,
            PathAndQuery = context.Request.Url.PathAndQuery,
            Range = context.Request.Headers["Range"],
            ReceivedAt = DateTime.UtcNow,
        };
        _requests.Enqueue(record);
        int index = _counts.AddOrUpdate(path, 0, (_, n) => n + 1);
        try
        {
            if (_routes.TryGetValue(path, out var handler))
            {
                await handler(context, index, record);
            }
            else
            {
                record.Status = 404;
                context.Response.StatusCode = 404;
                context.Response.Close();
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        catch (HttpListenerException)
        {
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public void Dispose()
    {
        _stop.Cancel();
        try { _listener.Stop(); } catch (ObjectDisposedException) { }
        _listener.Close();
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
        _stop.Dispose();
    }
}
