using NeuralAudio.Models.Layers;
using NeuralAudio.Runtime.Deploy;
using static TorchSharp.torch;

namespace NeuralAudio.Training.Classification;

/// <summary>
/// Multi-crop testing (the reference's protocol): every clip padded, cut into evenly spaced crops, each crop classified,
/// the crops' probabilities averaged. The float path runs the TorchSharp module; the int8 path runs the generated int8
/// classifier (or the bit-exact <see cref="DeployGraphRunner"/>) on the same crops as int16 PCM.
/// </summary>
public static class ClassifierEvaluator
{
    /// <summary>Clips per forward pass of the float model (times the crop count).</summary>
    private const int ClipsPerBatch = 8;

    /// <summary>
    /// Float 10-crop accuracy of <paramref name="module"/> on <paramref name="clips"/>. The module is evaluated in eval
    /// mode and put back in the mode it had. <paramref name="predictions"/> receives each clip's predicted class.
    /// </summary>
    public static ConfusionMatrix Float(NeuralModule module, IReadOnlyList<ClipAudio> clips, int classes, int inputLength,
        int crops = TenCrop.DefaultCrops, int[]? predictions = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(clips);
        var matrix = new ConfusionMatrix(classes);
        bool wasTraining = module.training;
        module.eval();
        try
        {
            using var noGrad = no_grad();
            for (int first = 0; first < clips.Count; first += ClipsPerBatch)
            {
                int count = Math.Min(ClipsPerBatch, clips.Count - first);
                var samples = new float[count * crops * inputLength];
                for (int c = 0; c < count; c++)
                {
                    var views = TenCrop.Crops(clips[first + c].Samples, inputLength, crops);
                    for (int k = 0; k < crops; k++) views[k].CopyTo(samples, (c * crops + k) * inputLength);
                }
                float[] probabilities;
                using (var scope = NewDisposeScope())
                {
                    var input = tensor(samples).reshape(count * crops, 1, 1, inputLength);
                    probabilities = module.forward(input).contiguous().data<float>().ToArray();
                }
                int width = probabilities.Length / (count * crops);
                if (width != classes) throw new InvalidOperationException($"the model outputs {width} classes, the data set has {classes}");
                for (int c = 0; c < count; c++)
                {
                    var rows = Enumerable.Range(0, crops).Select(k => probabilities.AsSpan((c * crops + k) * classes, classes).ToArray()).ToList();
                    int predicted = CropPredictions.Predict(rows);
                    matrix.Add(clips[first + c].Clip.Label, predicted);
                    if (predictions != null) predictions[first + c] = predicted;
                }
            }
        }
        finally
        {
            module.train(wasTraining);
        }
        return matrix;
    }

    /// <summary>
    /// Int8 multi-crop accuracy: each crop as int16 PCM through a classifier from <paramref name="createClassifier"/>
    /// (one instance per worker thread, since an int8 classifier owns its arena), scores read as probabilities
    /// <c>(s + 128) / 256</c> and averaged like the float path.
    /// </summary>
    public static ConfusionMatrix Int8(Func<IInt8Classifier> createClassifier, IReadOnlyList<ClipAudio> clips, int classes, int inputLength,
        int crops = TenCrop.DefaultCrops, int[]? predictions = null)
    {
        ArgumentNullException.ThrowIfNull(createClassifier);
        ArgumentNullException.ThrowIfNull(clips);
        var predicted = new int[clips.Count];
        var local = new ThreadLocal<IInt8Classifier>(createClassifier);
        Parallel.For(0, clips.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var classifier = local.Value!;
            if (classifier.InputSamples != inputLength || classifier.Classes != classes)
                throw new InvalidOperationException($"the int8 classifier takes {classifier.InputSamples} samples into {classifier.Classes} classes, not {inputLength} into {classes}");
            predicted[i] = CropPredictions.Predict(Int8CropProbabilities(classifier, clips[i].Samples, inputLength, crops));
        });
        local.Dispose();
        var matrix = new ConfusionMatrix(classes);
        for (int i = 0; i < clips.Count; i++)
        {
            matrix.Add(clips[i].Clip.Label, predicted[i]);
            if (predictions != null) predictions[i] = predicted[i];
        }
        return matrix;
    }

    /// <summary>The int8 classifier's probabilities for every crop of one clip.</summary>
    public static IReadOnlyList<float[]> Int8CropProbabilities(IInt8Classifier classifier, ReadOnlySpan<short> clip, int inputLength, int crops)
    {
        var padded = new short[clip.Length + 2 * (inputLength / 2)];
        clip.CopyTo(padded.AsSpan(inputLength / 2));
        var scores = new sbyte[classifier.Classes];
        var rows = new List<float[]>(crops);
        foreach (var start in TenCrop.Starts(clip.Length, inputLength, crops))
        {
            classifier.Run(padded.AsSpan(start, inputLength), scores);
            rows.Add(scores.Select(s => (s + 128) / 256f).ToArray());
        }
        return rows;
    }
}
