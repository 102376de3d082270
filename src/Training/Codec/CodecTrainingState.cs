namespace NeuralAudio.Training.Codec;

/// <summary>The scheduler and loop state a checkpoint carries beside the weights (JSON section <c>training_state</c>).</summary>
/// <param name="RunName">Name of the run.</param>
/// <param name="Step">Steps completed.</param>
/// <param name="Epoch">Epoch of the next step.</param>
/// <param name="GeneratorLearningRate">Generator learning rate of the next step.</param>
/// <param name="DiscriminatorLearningRate">Discriminator learning rate of the next step.</param>
/// <param name="Options">The run's settings.</param>
public sealed record CodecTrainingState(string RunName, long Step, int Epoch, double GeneratorLearningRate,
    double DiscriminatorLearningRate, CodecTrainingOptions Options);
