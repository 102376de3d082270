namespace NeuralAudio.Training.Classification;

/// <summary>
/// Draws training batches as the reference's generator does: per example, two clips of different labels picked
/// uniformly, each preprocessed (time-scale, pad, crop, /32768), mixed with an A-weighted ratio from <c>r ~ U(0,1)</c>,
/// labelled <c>r*e1 + (1-r)*e2</c>, then a random gain. Without mixing: one clip, a one-hot label, the same transforms.
/// </summary>
public sealed class MixedBatchSampler
{
    private readonly IReadOnlyList<ClipAudio> _clips;
    private readonly ClassifierTrainingOptions _options;
    private readonly int _classes, _inputLength, _sampleRate;

    /// <summary>A sampler over <paramref name="clips"/> for a model of <paramref name="classes"/> outputs.</summary>
    public MixedBatchSampler(IReadOnlyList<ClipAudio> clips, ClassifierTrainingOptions options, int classes, int inputLength, int sampleRate)
    {
        ArgumentNullException.ThrowIfNull(clips);
        ArgumentNullException.ThrowIfNull(options);
        if (clips.Count == 0) throw new ArgumentException("there are no training clips");
        if (options.Mixup && clips.Select(c => c.Clip.Label).Distinct().Count() < 2)
            throw new ArgumentException("between-class mixing needs training clips of at least two classes (or use --no-mixup)");
        var tooHigh = clips.FirstOrDefault(c => c.Clip.Label >= classes);
        if (tooHigh != null)
            throw new ArgumentException($"{tooHigh.Clip.Path} has label {tooHigh.Clip.Label}, but the model has only {classes} classes");
        _clips = clips; _options = options; _classes = classes; _inputLength = inputLength; _sampleRate = sampleRate;
    }

    /// <summary>Batches per epoch: <c>ceil(training clips / batch size)</c>.</summary>
    public int BatchesPerEpoch => (_clips.Count + _options.BatchSize - 1) / _options.BatchSize;

    /// <summary>One batch: <c>count * inputLength</c> samples and <c>count * classes</c> label probabilities, row-major.</summary>
    public (float[] Samples, float[] Labels) Next(int count, Random random)
    {
        var samples = new float[count * _inputLength];
        var labels = new float[count * _classes];
        for (int b = 0; b < count; b++)
        {
            float[] sound;
            float[] label;
            if (_options.Mixup)
            {
                ClipAudio first, second;
                do
                {
                    first = _clips[random.Next(_clips.Count)];
                    second = _clips[random.Next(_clips.Count)];
                } while (first.Clip.Label == second.Clip.Label);
                var s1 = ClipAugmentation.Preprocess(first.Samples, _inputLength, _options.TimeScale, random);
                var s2 = ClipAugmentation.Preprocess(second.Samples, _inputLength, _options.TimeScale, random);
                double r = random.NextDouble();
                sound = BetweenClassMixing.Mix(s1, s2, r, _sampleRate);
                label = BetweenClassMixing.SoftLabel(first.Clip.Label, second.Clip.Label, r, _classes);
            }
            else
            {
                var clip = _clips[random.Next(_clips.Count)];
                sound = ClipAugmentation.Preprocess(clip.Samples, _inputLength, _options.TimeScale, random);
                label = new float[_classes];
                label[clip.Clip.Label] = 1;
            }
            ClipAugmentation.RandomGain(sound, _options.GainDb, random);
            sound.CopyTo(samples, b * _inputLength);
            label.CopyTo(labels, b * _classes);
        }
        return (samples, labels);
    }
}
