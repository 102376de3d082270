using static TorchSharp.torch;

namespace NeuralAudio.Training.Codec;

/// <summary>SoundStream's adversarial losses over K discriminators: hinge for both sides, and L1 feature matching.</summary>
public static class AdversarialLosses
{
    /// <summary>Discriminator hinge loss: mean over discriminators of mean(max(0, 1 − D(x))) + mean(max(0, 1 + D(G(x)))).</summary>
    public static Tensor Discriminator(IReadOnlyList<DiscriminatorOutput> real, IReadOnlyList<DiscriminatorOutput> fake)
    {
        Tensor? total = null;
        for (int k = 0; k < real.Count; k++)
        {
            var term = OneMinus(real[k].Logits).relu().mean() + OnePlus(fake[k].Logits).relu().mean();
            total = total is null ? term : total + term;
        }
        return total! / real.Count;
    }

    /// <summary>Generator hinge loss: mean over discriminators of mean(max(0, 1 − D(G(x)))).</summary>
    public static Tensor Generator(IReadOnlyList<DiscriminatorOutput> fake)
    {
        Tensor? total = null;
        foreach (var output in fake)
        {
            var term = OneMinus(output.Logits).relu().mean();
            total = total is null ? term : total + term;
        }
        return total! / fake.Count;
    }

    /// <summary>
    /// Feature matching: mean over discriminators and layers of the mean absolute difference between the feature maps
    /// of real and reconstructed audio (real features are targets: no gradient flows into them).
    /// </summary>
    public static Tensor FeatureMatching(IReadOnlyList<DiscriminatorOutput> real, IReadOnlyList<DiscriminatorOutput> fake)
    {
        Tensor? total = null;
        int terms = 0;
        for (int k = 0; k < real.Count; k++)
            for (int l = 0; l < real[k].Features.Count; l++)
            {
                var term = (real[k].Features[l].detach() - fake[k].Features[l]).abs().mean();
                total = total is null ? term : total + term;
                terms++;
            }
        return total! / terms;
    }

    private static Tensor OneMinus(Tensor x) => x.neg().add(TrainingScalars.Of(1));
    private static Tensor OnePlus(Tensor x) => x.add(TrainingScalars.Of(1));
}
