namespace NeuralAudio.ModelDsl.Emit.C
{
    /// <summary>What a constant array of an op holds; the exporter fills each from the matching quantised table.</summary>
    public enum WeightRole
    {
        Weights, Bias, Multiplier, Shift, Lut, ExpLut, Clamp,
        Codebooks, CodebookOffsets, Norms,
    }

    /// <summary>
    /// One constant array of a deployed op, sized from the structure alone: the header declares it, the weights file
    /// defines it, and <c>&lt;SYMBOL&gt;_WEIGHT_BYTES</c> sums them.
    /// </summary>
    public sealed class WeightArray
    {
        public WeightArray(WeightRole role, string suffix, bool isInt8, int length)
        {
            Role = role; Suffix = suffix; IsInt8 = isInt8; Length = length;
        }

        public WeightRole Role { get; }

        /// <summary>Name suffix after <c>&lt;symbol&gt;_&lt;op&gt;_</c>.</summary>
        public string Suffix { get; }

        /// <summary>int8 when true, int32 otherwise.</summary>
        public bool IsInt8 { get; }

        public int Length { get; }

        public string CType => IsInt8 ? "int8_t" : "int32_t";

        public long Bytes => (long)Length * (IsInt8 ? 1 : 4);
    }
}
