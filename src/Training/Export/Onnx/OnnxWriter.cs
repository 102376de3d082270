using System.Runtime.InteropServices;
using Google.Protobuf;

namespace NeuralAudio.Training.Export.Onnx;

/// <summary>
/// Serialises an <see cref="OnnxModel"/> as an ONNX <c>ModelProto</c> with Google.Protobuf's
/// <see cref="CodedOutputStream"/>. Only the handful of messages and fields the exporter needs are written, with the
/// field numbers of onnx/onnx.proto (IR version 8); writing them by hand avoids a protoc step and a 4,000-line
/// generated file for the nine messages used.
/// </summary>
public static class OnnxWriter
{
    /// <summary>ONNX IR version written (IR 8 goes with opsets up to 18).</summary>
    public const long IrVersion = 8;

    // Field numbers from onnx.proto.
    private const int ModelIrVersion = 1, ModelProducerName = 2, ModelProducerVersion = 3, ModelDocString = 6, ModelGraph = 7, ModelOpsetImport = 8;
    private const int OpsetDomain = 1, OpsetVersion = 2;
    private const int GraphNode = 1, GraphName = 2, GraphInitializer = 5, GraphInput = 11, GraphOutput = 12;
    private const int NodeInput = 1, NodeOutput = 2, NodeName = 3, NodeOpType = 4, NodeAttribute = 5;
    private const int AttrName = 1, AttrF = 2, AttrI = 3, AttrInts = 8, AttrType = 20;
    private const int AttrTypeFloat = 1, AttrTypeInt = 2, AttrTypeInts = 7;
    private const int TensorDims = 1, TensorDataType = 2, TensorName = 8, TensorRawData = 9;
    private const int ValueName = 1, ValueType = 2;
    private const int TypeTensorType = 1, TensorTypeElemType = 1, TensorTypeShape = 2;
    private const int ShapeDim = 1, DimValue = 1, DimParam = 2;

    /// <summary>The serialised model.</summary>
    public static byte[] ToBytes(OnnxModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Message(o =>
        {
            o.WriteTag(ModelIrVersion, WireFormat.WireType.Varint); o.WriteInt64(IrVersion);
            WriteString(o, ModelProducerName, "neuralaudio");
            WriteString(o, ModelProducerVersion, typeof(OnnxWriter).Assembly.GetName().Version?.ToString() ?? "0");
            if (model.DocString.Length > 0) WriteString(o, ModelDocString, model.DocString);
            WriteMessage(o, ModelGraph, Graph(model));
            WriteMessage(o, ModelOpsetImport, Message(s =>
            {
                WriteString(s, OpsetDomain, "");
                s.WriteTag(OpsetVersion, WireFormat.WireType.Varint); s.WriteInt64(model.Opset);
            }));
        });
    }

    private static byte[] Graph(OnnxModel model) => Message(o =>
    {
        foreach (var node in model.Nodes) WriteMessage(o, GraphNode, Node(node));
        WriteString(o, GraphName, model.GraphName);
        foreach (var t in model.Initializers) WriteMessage(o, GraphInitializer, Tensor(t));
        foreach (var v in model.Inputs) WriteMessage(o, GraphInput, ValueInfo(v));
        foreach (var v in model.Outputs) WriteMessage(o, GraphOutput, ValueInfo(v));
    });

    private static byte[] Node(OnnxNode node) => Message(o =>
    {
        foreach (var i in node.Inputs) WriteString(o, NodeInput, i);
        foreach (var i in node.Outputs) WriteString(o, NodeOutput, i);
        WriteString(o, NodeName, node.Name);
        WriteString(o, NodeOpType, node.OpType);
        foreach (var a in node.Attributes) WriteMessage(o, NodeAttribute, Attribute(a));
    });

    private static byte[] Attribute(OnnxAttribute a) => Message(o =>
    {
        WriteString(o, AttrName, a.Name);
        if (a.Float is { } f)
        {
            o.WriteTag(AttrF, WireFormat.WireType.Fixed32); o.WriteFloat(f);
            o.WriteTag(AttrType, WireFormat.WireType.Varint); o.WriteInt32(AttrTypeFloat);
        }
        else if (a.Int is { } i)
        {
            o.WriteTag(AttrI, WireFormat.WireType.Varint); o.WriteInt64(i);
            o.WriteTag(AttrType, WireFormat.WireType.Varint); o.WriteInt32(AttrTypeInt);
        }
        else if (a.Ints is { } ints)
        {
            foreach (var v in ints) { o.WriteTag(AttrInts, WireFormat.WireType.Varint); o.WriteInt64(v); }
            o.WriteTag(AttrType, WireFormat.WireType.Varint); o.WriteInt32(AttrTypeInts);
        }
        else throw new ArgumentException($"attribute '{a.Name}' has no value", nameof(a));
    });

    private static byte[] Tensor(OnnxTensor t) => Message(o =>
    {
        foreach (var d in t.Dims) { o.WriteTag(TensorDims, WireFormat.WireType.Varint); o.WriteInt64(d); }
        o.WriteTag(TensorDataType, WireFormat.WireType.Varint); o.WriteInt32((int)t.DataType);
        WriteString(o, TensorName, t.Name);
        // raw_data is little-endian, which is what MemoryMarshal gives on every platform .NET runs this on.
        var raw = t.Floats != null
            ? MemoryMarshal.AsBytes(t.Floats.AsSpan()).ToArray()
            : MemoryMarshal.AsBytes(t.Longs!.AsSpan()).ToArray();
        o.WriteTag(TensorRawData, WireFormat.WireType.LengthDelimited); o.WriteBytes(ByteString.CopyFrom(raw));
    });

    private static byte[] ValueInfo(OnnxValueInfo v) => Message(o =>
    {
        WriteString(o, ValueName, v.Name);
        var shape = Message(s =>
        {
            foreach (var d in v.Dims)
                WriteMessage(s, ShapeDim, Message(dim =>
                {
                    if (d is string param) WriteString(dim, DimParam, param);
                    else { dim.WriteTag(DimValue, WireFormat.WireType.Varint); dim.WriteInt64(Convert.ToInt64(d, System.Globalization.CultureInfo.InvariantCulture)); }
                }));
        });
        var tensorType = Message(tt =>
        {
            tt.WriteTag(TensorTypeElemType, WireFormat.WireType.Varint); tt.WriteInt32((int)v.ElementType);
            WriteMessage(tt, TensorTypeShape, shape);
        });
        WriteMessage(o, ValueType, Message(ty => WriteMessage(ty, TypeTensorType, tensorType)));
    });

    private static void WriteString(CodedOutputStream o, int field, string value)
    {
        o.WriteTag(field, WireFormat.WireType.LengthDelimited);
        o.WriteString(value);
    }

    private static void WriteMessage(CodedOutputStream o, int field, byte[] body)
    {
        o.WriteTag(field, WireFormat.WireType.LengthDelimited);
        o.WriteBytes(ByteString.CopyFrom(body));
    }

    private static byte[] Message(Action<CodedOutputStream> write)
    {
        using var stream = new MemoryStream();
        using (var o = new CodedOutputStream(stream, leaveOpen: true))
        {
            write(o);
            o.Flush();
        }
        return stream.ToArray();
    }
}
