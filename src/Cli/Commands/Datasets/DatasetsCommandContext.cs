using Spectre.Console;

namespace NeuralAudio.Cli.Commands.Datasets;

/// <summary>What the datasets commands take from the process: console, environment, HTTP. Tests substitute each.</summary>
public sealed record DatasetsCommandContext
{
    /// <summary>Standard output.</summary>
    public IAnsiConsole Console { get; init; } = AnsiConsole.Console;

    /// <summary>Where error lines go.</summary>
    public TextWriter Error { get; init; } = System.Console.Error;

    /// <summary>Reads an environment variable (null when unset).</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>Creates the HTTP handler every client is built on.</summary>
    public Func<HttpMessageHandler> CreateHandler { get; init; } = () => new SocketsHttpHandler
    {
        ConnectTimeout = TimeSpan.FromSeconds(30),
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        AllowAutoRedirect = true,
    };

    /// <summary>Draw live progress bars (true) or print progress lines (false); null decides from the console.</summary>
    public bool? LiveProgress { get; init; }

    /// <summary>Turn Ctrl-C and SIGTERM into cancellation (off in tests, which must not catch the test host's signals).</summary>
    public bool HandleSignals { get; init; } = true;

    /// <summary>Pause between download attempts (tests shorten it).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    internal bool UseLiveProgress => LiveProgress ?? Console.Profile.Capabilities.Interactive;

    internal HttpClient CreateClient(TimeSpan timeout)
    {
        var client = new HttpClient(CreateHandler(), disposeHandler: true) { Timeout = timeout };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("NeuralAudio/1.0 (dataset downloader)");
        return client;
    }
}
