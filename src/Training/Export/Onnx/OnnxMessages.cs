namespace NeuralAudio.Training.Export.Onnx;

/// <summary>ONNX <c>TensorProto.DataType</c> values this exporter writes.</summary>
public enum OnnxDataType
{
    /// <summary>32-bit float.</summary>
    Float = 1,

    /// <summary>64-bit signed integer (shapes, pads, indices, codes).</summary>
    Int64 = 7,
}

/// <summary>A constant tensor (ONNX <c>TensorProto</c>): an initializer or an attribute value.</summary>
/// <param name="Name">Unique name in the graph.</param>
/// <param name="Dims">Shape.</param>
/// <param name="Floats">Values for <see cref="OnnxDataType.Float"/>, row-major.</param>
/// <param name="Longs">Values for <see cref="OnnxDataType.Int64"/>, row-major.</param>
public sealed record OnnxTensor(string Name, long[] Dims, float[]? Floats, long[]? Longs)
{
    /// <summary>Element type, from which value array is set.</summary>
    public OnnxDataType DataType => Floats != null ? OnnxDataType.Float : OnnxDataType.Int64;

    /// <summary>A float tensor.</summary>
    public static OnnxTensor Of(string name, long[] dims, float[] values) => new(name, dims, values, null);

    /// <summary>A 1-D int64 tensor.</summary>
    public static OnnxTensor Of(string name, params long[] values) => new(name, new long[] { values.Length }, null, values);
}

/// <summary>An attribute of a node: exactly one of the values is set.</summary>
/// <param name="Name">Attribute name, e.g. <c>kernel_shape</c>.</param>
/// <param name="Int">An INT attribute.</param>
/// <param name="Float">A FLOAT attribute.</param>
/// <param name="Ints">An INTS attribute.</param>
public sealed record OnnxAttribute(string Name, long? Int = null, float? Float = null, long[]? Ints = null);

/// <summary>One operator call (ONNX <c>NodeProto</c>) in the default domain.</summary>
/// <param name="OpType">Operator, e.g. <c>Conv</c>.</param>
/// <param name="Name">Unique node name.</param>
/// <param name="Inputs">Input value names, in operand order.</param>
/// <param name="Outputs">Output value names.</param>
/// <param name="Attributes">Attributes.</param>
public sealed record OnnxNode(string OpType, string Name, string[] Inputs, string[] Outputs, OnnxAttribute[] Attributes);

/// <summary>A graph input or output (ONNX <c>ValueInfoProto</c> of a tensor type).</summary>
/// <param name="Name">Value name.</param>
/// <param name="ElementType">Element type.</param>
/// <param name="Dims">Each dimension: a fixed size (long) or a symbolic name (string).</param>
public sealed record OnnxValueInfo(string Name, OnnxDataType ElementType, object[] Dims);

/// <summary>A whole model: one graph in the default domain at one opset.</summary>
/// <param name="GraphName">Graph name.</param>
/// <param name="Nodes">Nodes in topological order.</param>
/// <param name="Initializers">Constant tensors (weights).</param>
/// <param name="Inputs">Graph inputs.</param>
/// <param name="Outputs">Graph outputs.</param>
/// <param name="Opset">The default-domain opset version.</param>
/// <param name="DocString">Free text, e.g. where the weights came from.</param>
public sealed record OnnxModel(string GraphName, IReadOnlyList<OnnxNode> Nodes, IReadOnlyList<OnnxTensor> Initializers,
    IReadOnlyList<OnnxValueInfo> Inputs, IReadOnlyList<OnnxValueInfo> Outputs, int Opset, string DocString);
