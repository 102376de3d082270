using System.CommandLine;
using Spectre.Console;
using NeuralAudio.Training.Datasets.Download;

namespace NeuralAudio.Cli.Commands.Datasets;

/// <summary><c>neuralaudio datasets download</c>: resumable, verified, atomic installs of catalog datasets.</summary>
internal static class DownloadCommand
{
    public static Command Create(DatasetsCommandContext context)
    {
        var names = new Argument<string[]>("names")
        {
            Description = "Datasets by catalog name (e.g. esc50, librispeech-test-clean), besides or instead of the flags.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var esc50 = new Option<bool>("--esc50") { Description = "ESC-50 (about 600 MB zip)." };
        var librispeech = new Option<bool>("--librispeech") { Description = "LibriSpeech subsets given by --subset (default dev-clean)." };
        var subset = new Option<string[]>("--subset")
        {
            Description = "LibriSpeech subset: dev-clean, test-clean or train-clean-100 (repeatable).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var all = new Option<bool>("--all") { Description = "Every dataset in the catalog (about 7.7 GB)." };
        var dest = new Option<string>("--dest") { Description = "Folder to install into.", DefaultValueFactory = _ => "datasets" };
        var urlOverride = new Option<string[]>("--url-override")
        {
            Description = "name=URL: fetch a dataset from a mirror (repeatable). Environment: NEURALAUDIO_ESC50_URL, NEURALAUDIO_LIBRISPEECH_<SUBSET>_URL.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var esc50Url = new Option<string>("--esc50-url") { Description = "Mirror URL for ESC-50 (same as --url-override esc50=URL)." };
        var trust = new Option<bool>("--trust-on-first-download")
        {
            Description = "Allow datasets without a pinned SHA-256: record what is downloaded in <dest>/datasets.lock.json and verify against it later.",
        };
        var keep = new Option<bool>("--keep-archive") { Description = "Keep the downloaded archives after extraction." };
        var catalog = new Option<string>("--catalog") { Description = "Use this datasets.json instead of the built-in one." };

        var command = new Command("download", "Download, verify (SHA-256) and extract datasets; resumes interrupted downloads and skips what is present.");
        command.Arguments.Add(names);
        foreach (var option in new Option[] { esc50, librispeech, subset, all, dest, urlOverride, esc50Url, trust, keep, catalog })
            command.Options.Add(option);

        command.SetAction((parse, invocationToken) => DatasetsCommandRunner.RunAsync(
            context,
            $"Partial downloads are kept in {Path.Combine(Path.GetFullPath(parse.GetValue(dest) ?? "datasets"), DatasetInstaller.DownloadsFolder)}; run the same command again to resume.",
            async cancellationToken =>
            {
                var cat = parse.GetValue(catalog) is { } path ? DatasetCatalog.LoadFile(path) : DatasetCatalog.LoadDefault();
                var selected = Select(cat, parse.GetValue(names) ?? [], parse.GetValue(esc50), parse.GetValue(librispeech),
                    parse.GetValue(subset) ?? [], parse.GetValue(all));

                var overridePairs = (parse.GetValue(urlOverride) ?? []).ToList();
                if (parse.GetValue(esc50Url) is { } mirror) overridePairs.Add($"esc50={mirror}");
                var overrides = DatasetUrlResolver.ParseOverrides(overridePairs, cat);
                var resolved = selected.Select(s => DatasetUrlResolver.Resolve(s, overrides, context.Environment)).ToList();

                var options = new DatasetInstallOptions
                {
                    Destination = parse.GetValue(dest) ?? "datasets",
                    TrustOnFirstDownload = parse.GetValue(trust),
                    KeepArchives = parse.GetValue(keep),
                    Download = new DownloadOptions { RetryDelay = context.RetryDelay },
                };
                using var http = context.CreateClient(Timeout.InfiniteTimeSpan);
                var progress = new ConsoleDatasetProgress(context.Console, context.UseLiveProgress);
                var installer = new DatasetInstaller(http, options, progress);
                var reports = await progress.RunAsync(() => installer.InstallAsync(resolved, cancellationToken));

                int installed = reports.Count(r => r.Outcome == InstallOutcome.Installed);
                if (installed > 0)
                    context.Console.WriteLine($"Done: {installed} installed, {reports.Count - installed} already present.");
                return DatasetsCommandRunner.Ok;
            },
            invocationToken));
        return command;
    }

    private static IReadOnlyList<DatasetSpec> Select(DatasetCatalog catalog, string[] names, bool esc50, bool librispeech, string[] subsets, bool all)
    {
        if (all) return catalog.Datasets;
        var selected = new List<DatasetSpec>();
        foreach (var name in names) selected.Add(catalog.Get(name));
        if (esc50) selected.Add(catalog.Get("esc50"));
        if (subsets.Length > 0 && !librispeech)
            throw new DatasetException("--subset needs --librispeech");
        if (librispeech)
        {
            var family = catalog.Group("librispeech");
            foreach (var wanted in subsets.Length > 0 ? subsets : ["dev-clean"])
            {
                var spec = family.FirstOrDefault(d => string.Equals(d.Subset, wanted, StringComparison.OrdinalIgnoreCase))
                    ?? throw new DatasetException(
                        $"--subset {wanted}: unknown LibriSpeech subset; {catalog.Source} has {string.Join(", ", family.Select(d => d.Subset))}");
                selected.Add(spec);
            }
        }
        if (selected.Count == 0)
            throw new DatasetException(
                $"nothing to download: give --esc50, --librispeech [--subset S], --all, or dataset names ({string.Join(", ", catalog.Datasets.Select(d => d.Name))})");
        return selected.DistinctBy(d => d.Name).ToList();
    }
}
