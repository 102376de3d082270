using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.Runtime.Deploy;

namespace NeuralAudio.Runtime.Serialization;

/// <summary>
/// The <c>.naw</c> file: a <see cref="QuantizedModel"/> in compact little-endian binary, for the C# inference path.
/// <code>
///   magic "NAWEIGHT" | u32 version
///   str model id | str variant | str structure hash            (str = u16 byte count + UTF-8)
///   u32 activations, each: str tensor name | f32 scale | i32 zero point
///   u32 ops, each: str op name | u16 fields present (bit i = field i below) | the present fields in order:
///     0 weights i8[] | 1 bias i32[] | 2 multiplier i32[] | 3 shift i32[] | 4 lut i8[] | 5 exp lut i32[]
///     6 add: 12 x i32 (AddParams in declaration order)
///     7 rvq: 5 x i32 (RvqParams) | codebooks i8[] | offsets i32[] | norms i32[] | multiplier i32[] | shift i32[]
///            | u32 stages, each f32 scale | i32 zero point
///   (arrays: u32 element count, then the elements)
///   SHA-256 of everything before it (32 bytes)
/// </code>
/// Every count is checked against the bytes left before it is used, so a truncated or corrupt file gives one
/// <see cref="QuantizedModelFileException"/> naming the file, never a huge allocation or a garbage model.
/// </summary>
public static class QuantizedModelFile
{
    /// <summary>
    /// The format version written and read: the deploy layout (<see cref="DeployLayout.Version"/>; 2 since an
    /// first conv1d reads int16 PCM), so weights exported under other lowering rules do not load.
    /// </summary>
    public const int FormatVersion = DeployLayout.Version;

    /// <summary>The file extension, with the dot.</summary>
    public const string Extension = ".naw";

    private static readonly byte[] Magic = "NAWEIGHT"u8.ToArray();
    private const int HashBytes = 32;

    [Flags]
    private enum Fields : ushort
    {
        None = 0, Weights = 1, Bias = 2, Multiplier = 4, Shift = 8, Lut = 16, ExpLut = 32, Add = 64, Rvq = 128,
    }

    /// <summary>The file's bytes for <paramref name="model"/> (deterministic: same model, same bytes).</summary>
    public static byte[] ToBytes(QuantizedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write((uint)FormatVersion);
            WriteString(w, model.ModelId);
            WriteString(w, model.Variant);
            WriteString(w, model.StructureHash);
            w.Write((uint)model.Activations.Count);
            foreach (var (name, q) in model.Activations)
            {
                WriteString(w, name);
                w.Write(q.Scale);
                w.Write(q.ZeroPoint);
            }
            w.Write((uint)model.Ops.Count);
            foreach (var (name, t) in model.Ops)
            {
                WriteString(w, name);
                var fields = Fields.None;
                if (t.Weights != null) fields |= Fields.Weights;
                if (t.Bias != null) fields |= Fields.Bias;
                if (t.Multiplier != null) fields |= Fields.Multiplier;
                if (t.Shift != null) fields |= Fields.Shift;
                if (t.Lut != null) fields |= Fields.Lut;
                if (t.ExpLut != null) fields |= Fields.ExpLut;
                if (t.Add != null) fields |= Fields.Add;
                if (t.Rvq != null) fields |= Fields.Rvq;
                w.Write((ushort)fields);
                if (t.Weights != null) WriteBytes(w, t.Weights);
                if (t.Bias != null) WriteInts(w, t.Bias);
                if (t.Multiplier != null) WriteInts(w, t.Multiplier);
                if (t.Shift != null) WriteInts(w, t.Shift);
                if (t.Lut != null) WriteBytes(w, t.Lut);
                if (t.ExpLut != null) WriteInts(w, t.ExpLut);
                if (t.Add is { } a)
                {
                    foreach (var v in new[] { a.Input1Offset, a.Input2Offset, a.LeftShift, a.Input1Multiplier, a.Input1Shift,
                        a.Input2Multiplier, a.Input2Shift, a.OutputMultiplier, a.OutputShift, a.OutputOffset, a.ActMin, a.ActMax })
                        w.Write(v);
                }
                if (t.Rvq is { } r)
                {
                    var p = r.Params;
                    foreach (var v in new[] { p.Stages, p.CodebookSize, p.Dim, p.FracBits, p.InputOffset }) w.Write(v);
                    WriteBytes(w, r.Codebooks);
                    WriteInts(w, r.CodebookOffsets);
                    WriteInts(w, r.Norms);
                    WriteInts(w, r.Multiplier);
                    WriteInts(w, r.Shift);
                    w.Write((uint)r.Quantization.Length);
                    foreach (var q in r.Quantization)
                    {
                        w.Write(q.Scale);
                        w.Write(q.ZeroPoint);
                    }
                }
            }
        }
        var body = buffer.ToArray();
        var result = new byte[body.Length + HashBytes];
        body.CopyTo(result, 0);
        SHA256.HashData(body, result.AsSpan(body.Length));
        return result;
    }

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> (temp file in the same folder, then renamed).</summary>
    public static void Save(string path, QuantizedModel model)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var bytes = ToBytes(model);
        var full = Path.GetFullPath(path);
        var temp = full + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                file.Write(bytes);
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>Reads a <c>.naw</c> file; throws <see cref="QuantizedModelFileException"/> naming it on any problem.</summary>
    public static QuantizedModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new QuantizedModelFileException(path, $"weights file {path} does not exist");
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new QuantizedModelFileException(path, $"weights file {path} cannot be read: {e.Message}", e);
        }
        return FromBytes(bytes, path);
    }

    /// <summary>Parses file bytes; <paramref name="path"/> only names the source in errors.</summary>
    public static QuantizedModel FromBytes(byte[] bytes, string path = "<memory>")
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length >= Magic.Length && !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new QuantizedModelFileException(path, $"weights file {path} is not a NeuralAudio .naw file (wrong magic bytes)");
        if (bytes.Length < Magic.Length + 4 + HashBytes)
            throw new QuantizedModelFileException(path, $"weights file {path} is truncated: {bytes.Length} bytes is shorter than the smallest .naw file");
        var r = new Reader(bytes, bytes.Length - HashBytes, path);
        r.Bytes(Magic.Length, "magic");
        uint version = r.UInt32("version");
        if (version != FormatVersion)
            throw new QuantizedModelFileException(path, $"weights file {path} has format version {version}; this build reads version {FormatVersion}; re-export it with this build");
        string modelId = r.String("model id"), variant = r.String("variant"), hash = r.String("structure hash");

        uint activationCount = r.Count(4 + 4 + 2, "activation count");
        var activations = new Dictionary<string, ActivationQuantization>((int)activationCount);
        for (uint i = 0; i < activationCount; i++)
        {
            var name = r.String("tensor name");
            float scale = r.Single($"scale of '{name}'");
            int zero = r.Int32($"zero point of '{name}'");
            if (!float.IsFinite(scale) || scale <= 0 || zero < sbyte.MinValue || zero > sbyte.MaxValue)
                throw r.Corrupt($"tensor '{name}' has scale {scale} and zero point {zero}");
            if (!activations.TryAdd(name, new ActivationQuantization(scale, zero))) throw r.Corrupt($"tensor '{name}' appears twice");
        }

        uint opCount = r.Count(2 + 2, "op count");
        var ops = new Dictionary<string, OpTables>((int)opCount);
        for (uint i = 0; i < opCount; i++)
        {
            var name = r.String("op name");
            var fields = (Fields)r.UInt16($"fields of '{name}'");
            if ((ushort)fields >= 256) throw r.Corrupt($"op '{name}' has unknown fields 0x{(ushort)fields:x4}");
            var tables = new OpTables
            {
                Weights = fields.HasFlag(Fields.Weights) ? r.SBytes($"weights of '{name}'") : null,
                Bias = fields.HasFlag(Fields.Bias) ? r.Ints($"bias of '{name}'") : null,
                Multiplier = fields.HasFlag(Fields.Multiplier) ? r.Ints($"multipliers of '{name}'") : null,
                Shift = fields.HasFlag(Fields.Shift) ? r.Ints($"shifts of '{name}'") : null,
                Lut = fields.HasFlag(Fields.Lut) ? r.SBytes($"lookup table of '{name}'") : null,
                ExpLut = fields.HasFlag(Fields.ExpLut) ? r.Ints($"exp table of '{name}'") : null,
                Add = fields.HasFlag(Fields.Add) ? ReadAdd(r, name) : null,
                Rvq = fields.HasFlag(Fields.Rvq) ? ReadRvq(r, name) : null,
            };
            if (!ops.TryAdd(name, tables)) throw r.Corrupt($"op '{name}' appears twice");
        }
        if (r.Position != bytes.Length - HashBytes)
            throw r.Corrupt($"{bytes.Length - HashBytes - r.Position} unexpected bytes after the last op");
        var expected = SHA256.HashData(bytes.AsSpan(0, bytes.Length - HashBytes));
        if (!expected.AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - HashBytes)))
            throw new QuantizedModelFileException(path, $"weights file {path} is corrupt: its checksum does not match its contents");
        return new QuantizedModel { ModelId = modelId, Variant = variant, StructureHash = hash, Activations = activations, Ops = ops };
    }

    private static AddParams ReadAdd(Reader r, string name)
    {
        var v = new int[12];
        for (int i = 0; i < v.Length; i++) v[i] = r.Int32($"add parameters of '{name}'");
        return new AddParams(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11]);
    }

    private static RvqTables ReadRvq(Reader r, string name)
    {
        var what = $"residual VQ tables of '{name}'";
        var p = new RvqParams(r.Int32(what), r.Int32(what), r.Int32(what), r.Int32(what), r.Int32(what));
        var codebooks = r.SBytes(what);
        var offsets = r.Ints(what);
        var norms = r.Ints(what);
        var multiplier = r.Ints(what);
        var shift = r.Ints(what);
        uint stages = r.Count(8, what);
        var quantization = new ActivationQuantization[stages];
        for (int s = 0; s < stages; s++) quantization[s] = new ActivationQuantization(r.Single(what), r.Int32(what));
        if (p.Stages < 1 || p.CodebookSize < 1 || p.Dim < 1 || stages != p.Stages || offsets.Length != p.Stages
            || (long)p.Stages * p.CodebookSize * p.Dim != codebooks.Length || norms.Length != (long)p.Stages * p.CodebookSize
            || multiplier.Length != p.Stages || shift.Length != p.Stages)
            throw r.Corrupt($"the {what} have inconsistent sizes");
        return new RvqTables(p, codebooks, offsets, norms, multiplier, shift, quantization);
    }

    private static void WriteString(BinaryWriter w, string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        if (bytes.Length > ushort.MaxValue) throw new ArgumentException($"name '{s[..40]}...' is too long for a .naw file");
        w.Write((ushort)bytes.Length);
        w.Write(bytes);
    }

    private static void WriteBytes(BinaryWriter w, sbyte[] values)
    {
        w.Write((uint)values.Length);
        w.Write((ReadOnlySpan<byte>)System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
    }

    private static void WriteInts(BinaryWriter w, int[] values)
    {
        w.Write((uint)values.Length);
        foreach (var v in values) w.Write(v);
    }

    /// <summary>Bounds-checked little-endian reads over the file body (the checksum excluded).</summary>
    private sealed class Reader(byte[] bytes, int end, string path)
    {
        public int Position { get; private set; }

        public ReadOnlySpan<byte> Bytes(int count, string what)
        {
            if (count < 0 || count > end - Position)
                throw new QuantizedModelFileException(path,
                    $"weights file {path} is truncated or corrupt: {what} needs {count} bytes at offset {Position}, only {Math.Max(0, end - Position)} remain");
            var span = bytes.AsSpan(Position, count);
            Position += count;
            return span;
        }

        public ushort UInt16(string what) => BinaryPrimitives.ReadUInt16LittleEndian(Bytes(2, what));
        public uint UInt32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4, what));
        public int Int32(string what) => BinaryPrimitives.ReadInt32LittleEndian(Bytes(4, what));
        public float Single(string what) => BinaryPrimitives.ReadSingleLittleEndian(Bytes(4, what));

        public string String(string what)
        {
            int length = UInt16(what);
            try
            {
                return new UTF8Encoding(false, true).GetString(Bytes(length, what));
            }
            catch (DecoderFallbackException e)
            {
                throw new QuantizedModelFileException(path, $"weights file {path} is corrupt: {what} is not valid UTF-8", e);
            }
        }

        /// <summary>A count of items of at least <paramref name="minBytes"/> each, checked against the bytes left.</summary>
        public uint Count(int minBytes, string what)
        {
            uint count = UInt32(what);
            if ((ulong)count * (ulong)minBytes > (ulong)(end - Position))
                throw new QuantizedModelFileException(path,
                    $"weights file {path} is truncated or corrupt: {what} says {count}, but only {end - Position} bytes remain");
            return count;
        }

        public sbyte[] SBytes(string what)
        {
            uint count = Count(1, what);
            return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, sbyte>(Bytes((int)count, what)).ToArray();
        }

        public int[] Ints(string what)
        {
            uint count = Count(4, what);
            var values = new int[count];
            for (int i = 0; i < values.Length; i++) values[i] = Int32(what);
            return values;
        }

        public QuantizedModelFileException Corrupt(string why) =>
            new(path, $"weights file {path} is corrupt: {why}");
    }
}
