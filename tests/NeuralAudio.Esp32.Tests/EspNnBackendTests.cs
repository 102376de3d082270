using NeuralAudio.Esp32.Tests.Infrastructure;

namespace NeuralAudio.Esp32.Tests;

/// <summary>
/// The esp-nn backend's glue on the host: each na_espnn_* wrapper, linked with the reference semantics of esp-nn's API
/// (targets/esp32s3/tools/esp_nn_api/esp_nn_reference.c, which scribbles over all the scratch it is given), gives the
/// portable kernel's bytes, takes the esp-nn path where it should (dilation by phases, depthwise with the transposed
/// filter, per-channel fully connected, pools, add) and falls back where it must (strided dilation, grouped convs,
/// too little scratch). Built with -fsanitize=address,undefined. The real esp-nn (S3 assembly) is not run here.
/// </summary>
public class EspNnBackendTests(ITestOutputHelper output)
{
    [Fact]
    public void EveryWrapper_MatchesThePortableKernel_OnTheEspNnReference()
    {
        using var folder = new TempFolder();
        var runtime = Tools.RepoPath("src", "Runtime", "c");
        var api = Tools.RepoPath("targets", "esp32s3", "tools", "esp_nn_api");
        var args = new List<string>
        {
            "-std=c99", "-O1", "-Wall", "-Wextra", "-Werror", "-pedantic", "-fsanitize=address,undefined", "-fno-sanitize-recover=all",
            "-DNA_USE_ESP_NN", "-I" + runtime, "-I" + Path.Combine(runtime, "backends"), "-I" + api,
            Tools.RepoPath("tests", "NeuralAudio.Esp32.Tests", "espnn_backend_check.c"),
            Path.Combine(runtime, "backends", "na_espnn_backend.c"), Path.Combine(api, "esp_nn_reference.c"),
        };
        args.AddRange(Directory.GetFiles(runtime, "*.c"));
        args.AddRange(["-o", folder.File("check")]);
        Tools.RunOk("cc", args);

        var r = Tools.RunOk(folder.File("check"), []);
        output.WriteLine(r.StdOut);
        Assert.Contains("ok 22", r.StdOut);
        Assert.Contains("conv1d depthwise dilated d9: 2048 outputs equal (esp-nn)", r.StdOut);
        Assert.Contains("conv1d dilated strided (portable): 152 outputs equal (portable)", r.StdOut);
    }
}
