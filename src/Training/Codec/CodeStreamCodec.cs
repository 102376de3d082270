namespace NeuralAudio.Training.Codec;

/// <summary>
/// Audio to code streams and back through a <see cref="CodecInference"/>: what <c>encode</c>, <c>decode</c> and
/// <c>receive</c> share. Decoding refuses a stream made by another codec (model id, structure hash, sample rate, hop,
/// codebook size or too many stages), so the decoded audio is always what <c>infer</c> gives for the same codes.
/// </summary>
public static class CodeStreamCodec
{
    /// <summary>Encodes mono <paramref name="samples"/> (at the codec's rate) with the first <paramref name="numQuantizers"/> stages.</summary>
    public static CodeStream Encode(CodecInference codec, ReadOnlySpan<float> samples, int numQuantizers)
    {
        ArgumentNullException.ThrowIfNull(codec);
        var codes = codec.Encode(samples, numQuantizers);
        return new CodeStream(codec.Variant.ModelId, codec.Variant.Variant, codec.Variant.StructureHash, codec.SampleRate,
            codec.HopSamples, codec.CodebookSize, samples.Length, codes);
    }

    /// <summary>
    /// Decoded audio trimmed to the original clip length. Throws <see cref="CodeStreamException"/> naming
    /// <paramref name="source"/> when the stream was not made by this codec.
    /// </summary>
    public static float[] Decode(CodecInference codec, CodeStream stream, string source)
    {
        EnsureMatches(codec, stream, source);
        var audio = codec.Decode(stream.Codes);
        return audio.AsSpan(0, (int)Math.Min(stream.SampleCount, audio.Length)).ToArray();
    }

    /// <summary>Throws <see cref="CodeStreamException"/> naming <paramref name="source"/> unless <paramref name="stream"/> fits <paramref name="codec"/>.</summary>
    public static void EnsureMatches(CodecInference codec, CodeStream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(codec);
        ArgumentNullException.ThrowIfNull(stream);
        var v = codec.Variant;
        string? problem =
            stream.ModelId != v.ModelId ? $"was made by model '{stream.FullName}', the checkpoint is '{v.FullName}'"
            : stream.StructureHash != v.StructureHash ? $"was made by a {stream.ModelId} of structure {Short(stream.StructureHash)} ('{stream.Variant}'), the checkpoint's is {Short(v.StructureHash)} ('{v.Variant}')"
            : stream.SampleRate != codec.SampleRate ? $"is at {stream.SampleRate} Hz, the checkpoint's codec runs at {codec.SampleRate} Hz"
            : stream.HopSamples != codec.HopSamples ? $"has frames of {stream.HopSamples} samples, the checkpoint's codec {codec.HopSamples}"
            : stream.CodebookSize != codec.CodebookSize ? $"has codebooks of {stream.CodebookSize} entries, the checkpoint's codec {codec.CodebookSize}"
            : stream.NumQuantizers > codec.NumQuantizers ? $"has {stream.NumQuantizers} quantizer stages, the checkpoint's codec only {codec.NumQuantizers}"
            : null;
        if (problem != null)
            throw new CodeStreamException(source, $"code stream {source} does not match the checkpoint: it {problem}");
    }

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;
}
