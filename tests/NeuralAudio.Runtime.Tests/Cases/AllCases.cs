namespace NeuralAudio.Runtime.Tests.Cases;

/// <summary>The seeded case sets, by kernel family. The same seeds feed every test, so a failure reproduces.</summary>
internal static class AllCases
{
    public const int PerKernel = 200;

    public static readonly IReadOnlyDictionary<string, Func<IReadOnlyList<KernelCase>>> ByFamily = new Dictionary<string, Func<IReadOnlyList<KernelCase>>>
    {
        ["quant"] = () => QuantMathCases.Generate(11, 20_000).ToList(),
        ["conv1d"] = () => ConvCases.Conv1d(101, 400).ToList(),
        ["conv1d-pcm"] = () => PcmConvCases.Generate(151, PerKernel).ToList(),
        ["conv2d"] = () => ConvCases.Conv2d(202, PerKernel).ToList(),
        ["convtranspose1d"] = () => ConvCases.ConvTranspose1d(303, PerKernel).ToList(),
        ["linear"] = () => ConvCases.Linear(404, PerKernel).ToList(),
        ["pool1d"] = () => ElementwiseCases.Pool1d(505, PerKernel).ToList(),
        ["pool2d"] = () => ElementwiseCases.Pool2d(606, PerKernel).ToList(),
        ["add"] = () => ElementwiseCases.Add(707, PerKernel).ToList(),
        ["clamp"] = () => ElementwiseCases.Clamp(808, PerKernel).ToList(),
        ["lut"] = () => ElementwiseCases.Lut(909, PerKernel).ToList(),
        ["softmax"] = () => ElementwiseCases.Softmax(1010, PerKernel).ToList(),
        ["rvq"] = () => RvqCases.Generate(1111, PerKernel).ToList(),
    };

    public static IEnumerable<object[]> Families => ByFamily.Keys.Select(k => new object[] { k });

    public static IReadOnlyList<KernelCase> Of(string family) => ByFamily[family]();
}
