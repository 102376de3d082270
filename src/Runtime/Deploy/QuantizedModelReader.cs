namespace NeuralAudio.Runtime.Deploy;

/// <summary>
/// Checked access to a <see cref="QuantizedModel"/> for code built for one structure (the interpreter and the
/// generated C# classes): the model id and structure hash must match, and every table is looked up by name with
/// its expected size, so a wrong or incomplete export fails at construction with a message naming what is wrong.
/// </summary>
public sealed class QuantizedModelReader
{
    /// <summary>Checks that <paramref name="model"/> was exported for <paramref name="modelId"/> with <paramref name="structureHash"/>.</summary>
    /// <exception cref="ArgumentException">The model id or the structure hash differ; the message names both hashes.</exception>
    public QuantizedModelReader(QuantizedModel model, string modelId, string structureHash)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.StructureHash != structureHash || model.ModelId != modelId)
        {
            throw new ArgumentException(
                $"the quantized model {model.ModelId}/{model.Variant} was exported for structure {model.StructureHash}, " +
                $"but this code implements {modelId} structure {structureHash}; re-export the weights for this structure", nameof(model));
        }
        Model = model;
    }

    /// <summary>The checked model.</summary>
    public QuantizedModel Model { get; }

    /// <summary>Scale and zero point of an int8 activation.</summary>
    public ActivationQuantization Activation(string tensor) =>
        Model.Activations.TryGetValue(tensor, out var q)
            ? q
            : throw new ArgumentException($"{Describe()} has no quantisation for activation '{tensor}'");

    /// <summary>The zero point of a tensor (a kernel's output offset).</summary>
    public int ZeroPoint(string tensor) => Activation(tensor).ZeroPoint;

    /// <summary>Minus the zero point of a tensor (a kernel's input offset).</summary>
    public int InputOffset(string tensor) => Activation(tensor).InputOffset;

    /// <summary>Lower clamp of an op writing <paramref name="tensor"/>: its zero point with a fused ReLU, else -128.</summary>
    public int ActMin(string tensor, bool relu) => relu ? Activation(tensor).ReluRange.ActMin : sbyte.MinValue;

    /// <summary>The tables of a conv or linear op, checked against the sizes its kernel call uses.</summary>
    public WeightedTables Weighted(string op, int weights, int channels, bool bias)
    {
        var t = Tables(op);
        var w = Require(op, "weights", t.Weights, weights);
        var m = Require(op, "multiplier", t.Multiplier, channels);
        var s = Require(op, "shift", t.Shift, channels);
        int[] b;
        if (bias) b = Require(op, "bias", t.Bias, channels);
        else if (t.Bias is { Length: > 0 }) throw new ArgumentException($"{Describe()}: op '{op}' has a bias, but its structure has none");
        else b = [];
        return new WeightedTables(w, b, m, s);
    }

    /// <summary>The PCM quantisation of the input op onto the <paramref name="output"/> activation.</summary>
    public QuantizePcmParams QuantizePcm(string op, string output)
    {
        var t = Tables(op);
        var m = Require(op, "multiplier", t.Multiplier, 1);
        var s = Require(op, "shift", t.Shift, 1);
        return new QuantizePcmParams(m[0], s[0], ZeroPoint(output), sbyte.MinValue, sbyte.MaxValue);
    }

    /// <summary>The 256-entry int8 table of a lookup op.</summary>
    public sbyte[] Lut(string op) => Require(op, "lut", Tables(op).Lut, 256);

    /// <summary>The 256-entry Q30 exp table of a softmax op.</summary>
    public int[] ExpLut(string op) => Require(op, "exp lut", Tables(op).ExpLut, 256);

    /// <summary>The add parameters, checked against the activations they join.</summary>
    public AddParams Add(string op, string input1, string input2, string output, bool relu)
    {
        var p = Tables(op).Add ?? throw new ArgumentException($"{Describe()}: add '{op}' has no parameters");
        if (p.Input1Offset != InputOffset(input1) || p.Input2Offset != InputOffset(input2) || p.OutputOffset != ZeroPoint(output))
            throw new ArgumentException($"{Describe()}: add '{op}' offsets ({p.Input1Offset}, {p.Input2Offset}, {p.OutputOffset}) do not match the zero points of '{input1}', '{input2}', '{output}'");
        if (p.ActMin != ActMin(output, relu) || p.ActMax != sbyte.MaxValue)
            throw new ArgumentException($"{Describe()}: add '{op}' clamps to [{p.ActMin}, {p.ActMax}], its structure needs [{ActMin(output, relu)}, 127]");
        return p;
    }

    /// <summary>The residual-VQ tables, checked against the structure's stages, codebook size and dimension.</summary>
    public RvqTables Rvq(string op, string input, int stages, int codebookSize, int dim)
    {
        var r = Tables(op).Rvq ?? throw new ArgumentException($"{Describe()}: quantizer '{op}' has no tables");
        var p = r.Params;
        if (p.Stages != stages || p.CodebookSize != codebookSize || p.Dim != dim)
            throw new ArgumentException($"{Describe()}: quantizer '{op}' is {p.Stages} x {p.CodebookSize} x {p.Dim}, the structure is {stages} x {codebookSize} x {dim}");
        if (p.InputOffset != InputOffset(input))
            throw new ArgumentException($"{Describe()}: quantizer '{op}' input offset {p.InputOffset} does not match the zero point of '{input}'");
        Require(op, "codebooks", r.Codebooks, stages * codebookSize * dim);
        Require(op, "codebook offsets", r.CodebookOffsets, stages);
        Require(op, "norms", r.Norms, stages * codebookSize);
        Require(op, "multiplier", r.Multiplier, stages);
        Require(op, "shift", r.Shift, stages);
        return r;
    }

    private OpTables Tables(string op) =>
        Model.Ops.TryGetValue(op, out var t) ? t : throw new ArgumentException($"{Describe()} has no tables for op '{op}'");

    private T[] Require<T>(string op, string what, T[]? values, int length)
    {
        if (values == null) throw new ArgumentException($"{Describe()}: op '{op}' has no {what}");
        if (values.Length != length) throw new ArgumentException($"{Describe()}: op '{op}' has {values.Length} {what} values, its structure needs {length}");
        return values;
    }

    private string Describe() => $"quantized model {Model.ModelId}/{Model.Variant}";
}
