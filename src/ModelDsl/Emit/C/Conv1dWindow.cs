namespace NeuralAudio.ModelDsl.Emit.C
{
    /// <summary>
    /// The contiguous window a padded conv1d reads, [left | input | right] in samples of <see cref="Channels"/>
    /// values: left holds the past input (streaming state) or the input zero point (offline padding), right the zero
    /// point (only "same" padding of a graph that does not stream).
    /// </summary>
    public sealed class Conv1dWindow
    {
        public Conv1dWindow(int channels, int left, int input, int right, bool fromState)
        {
            Channels = channels; Left = left; Input = input; Right = right; FromState = fromState;
        }

        public int Channels { get; }
        public int Left { get; }

        /// <summary>Samples of this step's input.</summary>
        public int Input { get; }

        public int Right { get; }

        /// <summary>True when <see cref="Left"/> comes from the streaming state rather than zero-point padding.</summary>
        public bool FromState { get; }

        public int Length => Left + Input + Right;

        /// <summary>The same window for an input <paramref name="frames"/> times longer (the offline whole-clip run).</summary>
        public Conv1dWindow Scaled(int frames) => new Conv1dWindow(Channels, Left, Input * frames, Right, FromState);
    }
}
