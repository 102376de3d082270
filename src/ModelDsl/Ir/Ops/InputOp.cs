using System.Collections.Generic;

namespace NeuralAudio.ModelDsl.Ir
{
    /// <summary>The graph input: raw audio at <see cref="SampleRate"/>, shaped (channels, samples) or (1, 1, samples).</summary>
    public sealed class InputOp : Op
    {
        public InputOp(int[] shape, int sampleRate) { Shape = shape; SampleRate = sampleRate; }

        public int[] Shape { get; }
        public int SampleRate { get; }

        public override string Kind => "input";
        public override int Arity => 0;

        public override int[] InferShape(IReadOnlyList<int[]> inputs)
        {
            foreach (var d in Shape) ShapeChecks.Positive("Input", "every dimension", d);
            ShapeChecks.Positive("Input", "sample rate", SampleRate);
            return (int[])Shape.Clone();
        }

        public override string Describe() => $"shape={string.Join(",", Shape)} sr={SampleRate}";
    }
}
