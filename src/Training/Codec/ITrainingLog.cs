namespace NeuralAudio.Training.Codec;

/// <summary>Where a training run reports its scalars (TensorBoard, tests).</summary>
public interface ITrainingLog : IDisposable
{
    /// <summary>Records <paramref name="value"/> of <paramref name="tag"/> at <paramref name="step"/>.</summary>
    void Scalar(string tag, double value, long step);

    /// <summary>Makes everything recorded so far durable.</summary>
    void Flush();
}
