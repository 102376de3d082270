using NeuralAudio.ModelDsl.Deploy;

namespace NeuralAudio.Runtime.Deploy;

/// <summary>
/// Runs a deployed graph one op at a time over whole clips, keeping every tensor of every clip, so that an op can be
/// run again after its tables change without running the ops before it again (bias correction). An encoder runs
/// offline, every time axis the clip's and every causal window zero-point padded, as <see cref="OfflineEncoderRunner"/>
/// does (streaming gives the same values); a classifier runs its one window.
/// </summary>
public sealed class LayerwiseRunner
{
    private readonly Int8Executor _executor;
    private readonly short[][] _clips;
    private readonly SeparateMemory[] _memory;
    private readonly int[] _frames;

    /// <param name="graph">The deployed graph.</param>
    /// <param name="model">Its quantised model; a change to its tables shows in the next <see cref="Run"/>.</param>
    /// <param name="clips">PCM per clip: an encoder's whole hops are used, a classifier's clip must be its window.</param>
    public LayerwiseRunner(DeployGraph graph, QuantizedModel model, IReadOnlyList<short[]> clips)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(clips);
        _executor = new Int8Executor(graph, model);
        int step = graph.StepInputSamples;
        _frames = clips.Select(c => graph.Streaming ? c.Length / step : 1).ToArray();
        for (int i = 0; i < clips.Count; i++)
        {
            if (!graph.Streaming && clips[i].Length != step)
                throw new ArgumentException($"clip {i} holds {clips[i].Length} samples; a classifier window is {step}", nameof(clips));
            if (_frames[i] == 0) throw new ArgumentException($"clip {i} is shorter than one {step}-sample hop", nameof(clips));
        }
        _clips = clips.Select((c, i) => c[..(_frames[i] * step)]).ToArray();
        _memory = clips.Select(_ => new SeparateMemory()).ToArray();
    }

    /// <summary>The graph being run.</summary>
    public DeployGraph Graph => _executor.Graph;

    /// <summary>Runs op <paramref name="index"/> on every clip; the ops it reads from must have run.</summary>
    public void Run(int index)
    {
        for (int c = 0; c < _clips.Length; c++) _executor.Run(index, _memory[c], _clips[c], _frames[c], state: null);
    }

    /// <summary>An int8 tensor's values in clip <paramref name="clip"/> (channels last, the whole clip), dequantised.</summary>
    public float[] Dequantised(int clip, DeployTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.ElementType != DeployElementType.Int8) throw new ArgumentException($"'{tensor.Name}' is not an int8 tensor", nameof(tensor));
        var q = _executor.Quantization(tensor);
        var values = _memory[clip].S8(tensor.Id, tensor.Elements * _frames[clip]);
        var result = new float[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = q.Scale * (values[i] - q.ZeroPoint);
        return result;
    }

    /// <summary>How many clips run.</summary>
    public int Clips => _clips.Length;
}
