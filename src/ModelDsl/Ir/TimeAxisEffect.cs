namespace NeuralAudio.ModelDsl.Ir
{
    /// <summary>
    /// An op's footprint on the time axis: a window of <see cref="Span"/> input steps, advancing by
    /// <see cref="Stride"/>, looking <see cref="Lookahead"/> steps past the aligned position (right padding).
    /// Transposed convs upsample: <see cref="Upsample"/> &gt; 1.
    /// </summary>
    public readonly struct TimeAxisEffect
    {
        public TimeAxisEffect(int span, int stride, int lookahead, int upsample = 1)
        {
            Span = span; Stride = stride; Lookahead = lookahead; Upsample = upsample;
        }

        public int Span { get; }
        public int Stride { get; }
        public int Lookahead { get; }
        public int Upsample { get; }

        public static TimeAxisEffect Identity => new TimeAxisEffect(1, 1, 0);
    }
}
