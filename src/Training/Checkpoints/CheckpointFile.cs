using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NeuralAudio.Models;
using TorchSharp;

namespace NeuralAudio.Training.Checkpoints;

/// <summary>
/// A training checkpoint: one file holding a JSON metadata block and named binary sections (state dicts written by
/// TorchSharp's <c>Module.save</c>, or raw bytes). Layout, little-endian:
/// <code>
///   magic "NACKPT\r\n" | u32 version | u32 metadata bytes | metadata (UTF-8 JSON) | u32 sections
///   per section: u16 name bytes | name (UTF-8) | u64 payload bytes | payload
///   SHA-256 of everything before it (32 bytes)
/// </code>
/// Files are written atomically (a temp file in the same folder, flushed, then renamed over the target), so a crash
/// never leaves a half-written checkpoint under the real name. Loading checks the magic, the version, every length
/// against the file size and the checksum, and reports any problem as one <see cref="CheckpointException"/> naming
/// the file.
/// </summary>
public sealed class CheckpointFile
{
    /// <summary>The format version this code writes and reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>The section that holds the model's own weights.</summary>
    public const string ModelSection = "model";

    private static readonly byte[] Magic = "NACKPT\r\n"u8.ToArray();
    private const int HashBytes = 32;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly Dictionary<string, (long Offset, long Length)> _sections;

    private CheckpointFile(string path, CheckpointMetadata metadata, Dictionary<string, (long, long)> sections, IReadOnlyList<string> order)
    {
        Path = path;
        Metadata = metadata;
        _sections = sections;
        SectionNames = order;
    }

    /// <summary>The file this was loaded from.</summary>
    public string Path { get; }

    /// <summary>What the weights were trained for.</summary>
    public CheckpointMetadata Metadata { get; }

    /// <summary>Section names in file order.</summary>
    public IReadOnlyList<string> SectionNames { get; }

    /// <summary>True when the file has a section named <paramref name="name"/>.</summary>
    public bool HasSection(string name) => _sections.ContainsKey(name);

    /// <summary>Writes modules' state dicts as sections (e.g. <c>model</c>, <c>discriminator</c>), atomically.</summary>
    public static void Save(string path, CheckpointMetadata metadata, IReadOnlyDictionary<string, torch.nn.Module> modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        Save(path, metadata, modules.Select(kv => CheckpointSection.FromModule(kv.Key, kv.Value)).ToList());
    }

    /// <summary>Writes the sections in order, atomically (temp file in the same folder, flush, rename).</summary>
    public static void Save(string path, CheckpointMetadata metadata, IReadOnlyList<CheckpointSection> sections)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(sections);
        var duplicate = sections.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate != null) throw new ArgumentException($"section '{duplicate.Key}' appears twice", nameof(sections));

        var full = System.IO.Path.GetFullPath(path);
        var folder = System.IO.Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        var temp = System.IO.Path.Combine(folder, "." + System.IO.Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp");
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            using (var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                var hashed = new HashingWriter(file, sha);
                hashed.Write(Magic);
                hashed.WriteUInt32(FormatVersion);
                var json = JsonSerializer.SerializeToUtf8Bytes(metadata, JsonOptions);
                hashed.WriteUInt32((uint)json.Length);
                hashed.Write(json);
                hashed.WriteUInt32((uint)sections.Count);
                foreach (var section in sections)
                {
                    var name = Encoding.UTF8.GetBytes(section.Name);
                    var payload = section.Payload();
                    hashed.WriteUInt16((ushort)name.Length);
                    hashed.Write(name);
                    hashed.WriteUInt64((ulong)payload.LongLength);
                    hashed.Write(payload);
                }
                file.Write(sha.GetHashAndReset());
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// Reads and validates the file's structure and checksum; sections are read later by <see cref="LoadInto"/>.
    /// Throws <see cref="CheckpointException"/> for a missing, truncated or corrupt file.
    /// </summary>
    public static CheckpointFile Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new CheckpointException(path, Directory.Exists(path)
                ? $"checkpoint {path} is a directory, not a checkpoint file"
                : $"checkpoint {path} does not exist");
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            return Parse(path, file);
        }
        catch (CheckpointException) { throw; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException(path, $"checkpoint {path} cannot be read: {e.Message}", e);
        }
    }

    /// <summary>Loads <paramref name="path"/> and checks that it was trained for <paramref name="expected"/>'s structure.</summary>
    public static CheckpointFile Load(string path, ModelVariant expected)
    {
        var checkpoint = Load(path);
        checkpoint.EnsureFits(expected);
        return checkpoint;
    }

    /// <summary>Throws unless the weights fit <paramref name="expected"/> (same model id and structure hash).</summary>
    public void EnsureFits(ModelVariant expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        EnsureFits(expected.ModelId, expected.Variant, expected.StructureHash);
    }

    /// <summary>
    /// Throws unless the weights fit a model <paramref name="modelId"/> of structure <paramref name="structureHash"/>.
    /// The variant name alone does not matter: two variants of identical structure share weights.
    /// </summary>
    public void EnsureFits(string modelId, string variant, string structureHash)
    {
        var m = Metadata;
        if (string.Equals(m.ModelId, modelId, StringComparison.OrdinalIgnoreCase) && m.StructureHash == structureHash) return;
        throw new CheckpointException(Path,
            $"checkpoint {Path} was trained for {m.ModelId}/{m.Variant} (hash {m.StructureHash}), not {modelId}/{variant} (hash {structureHash})");
    }

    /// <summary>The raw bytes of a section.</summary>
    public byte[] ReadSection(string name)
    {
        if (!_sections.TryGetValue(name, out var at))
        {
            var have = SectionNames.Count == 0 ? "none" : string.Join(", ", SectionNames);
            throw new CheckpointException(Path, $"checkpoint {Path} has no section '{name}' (it has {have})");
        }
        try
        {
            using var file = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read);
            file.Seek(at.Offset, SeekOrigin.Begin);
            var bytes = new byte[at.Length];
            file.ReadExactly(bytes);
            return bytes;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException(Path, $"checkpoint {Path} cannot be read: {e.Message}", e);
        }
    }

    /// <summary>
    /// Loads section <paramref name="section"/> into <paramref name="module"/> (strict: every key must match).
    /// Throws <see cref="CheckpointException"/> naming the file when the state dict does not fit the module.
    /// </summary>
    public void LoadInto(string section, torch.nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var bytes = ReadSection(section);
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            module.load(stream, strict: true);
        }
        catch (Exception e) when (e is not CheckpointException)
        {
            throw new CheckpointException(Path, $"checkpoint {Path}: section '{section}' does not fit the module: {e.Message}", e);
        }
    }

    internal static void CheckSectionName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (Encoding.UTF8.GetByteCount(name) > ushort.MaxValue) throw new ArgumentException("section name is too long", nameof(name));
    }

    private static CheckpointFile Parse(string path, FileStream file)
    {
        long size = file.Length;
        var reader = new BoundedReader(path, file, size - HashBytes);
        if (size < Magic.Length + 4 + HashBytes)
        {
            if (size >= Magic.Length && !StartsWithMagic(file))
                throw new CheckpointException(path, $"checkpoint {path} is not a NeuralAudio checkpoint (wrong magic bytes)");
            throw new CheckpointException(path, $"checkpoint {path} is truncated: {size} bytes is shorter than the smallest checkpoint");
        }
        if (!reader.ReadBytes(Magic.Length, "magic").AsSpan().SequenceEqual(Magic))
            throw new CheckpointException(path, $"checkpoint {path} is not a NeuralAudio checkpoint (wrong magic bytes)");
        uint version = reader.ReadUInt32("version");
        if (version != FormatVersion)
            throw new CheckpointException(path, $"checkpoint {path} has format version {version}; this build reads version {FormatVersion}");

        int metadataLength = (int)Math.Min(reader.ReadUInt32("metadata length"), int.MaxValue);
        var json = reader.ReadBytes(metadataLength, "metadata");
        uint count = reader.ReadUInt32("section count");
        var sections = new Dictionary<string, (long, long)>();
        var order = new List<string>();
        for (uint i = 0; i < count; i++)
        {
            int nameLength = reader.ReadUInt16("section name length");
            var name = Encoding.UTF8.GetString(reader.ReadBytes(nameLength, "section name"));
            ulong length = reader.ReadUInt64($"length of section '{name}'");
            long offset = file.Position;
            reader.Skip(length, $"section '{name}'");
            if (!sections.TryAdd(name, (offset, (long)length)))
                throw new CheckpointException(path, $"checkpoint {path} is corrupt: section '{name}' appears twice");
            order.Add(name);
        }
        if (file.Position != size - HashBytes)
            throw new CheckpointException(path, $"checkpoint {path} is corrupt: {size - HashBytes - file.Position} unexpected bytes after the last section");

        VerifyChecksum(path, file, size);
        CheckpointMetadata? metadata;
        try
        {
            metadata = JsonSerializer.Deserialize<CheckpointMetadata>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new CheckpointException(path, $"checkpoint {path} is corrupt: its metadata is not valid JSON ({e.Message})", e);
        }
        if (metadata == null)
            throw new CheckpointException(path, $"checkpoint {path} is corrupt: its metadata is empty");
        return new CheckpointFile(path, metadata, sections, order);
    }

    private static bool StartsWithMagic(FileStream file)
    {
        var head = new byte[Magic.Length];
        file.Seek(0, SeekOrigin.Begin);
        file.ReadExactly(head);
        file.Seek(0, SeekOrigin.Begin);
        return head.AsSpan().SequenceEqual(Magic);
    }

    private static void VerifyChecksum(string path, FileStream file, long size)
    {
        file.Seek(0, SeekOrigin.Begin);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        long left = size - HashBytes;
        while (left > 0)
        {
            int n = file.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (n <= 0) throw new CheckpointException(path, $"checkpoint {path} is truncated");
            sha.AppendData(buffer, 0, n);
            left -= n;
        }
        var stored = new byte[HashBytes];
        file.ReadExactly(stored);
        if (!sha.GetHashAndReset().AsSpan().SequenceEqual(stored))
            throw new CheckpointException(path, $"checkpoint {path} is corrupt: its checksum does not match its contents");
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>Writes little-endian fields to a stream and a running hash at once.</summary>
    private sealed class HashingWriter(Stream stream, IncrementalHash hash)
    {
        public void Write(ReadOnlySpan<byte> bytes)
        {
            stream.Write(bytes);
            hash.AppendData(bytes);
        }

        public void WriteUInt16(ushort v)
        {
            Span<byte> b = stackalloc byte[2];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(b, v);
            Write(b);
        }

        public void WriteUInt32(uint v)
        {
            Span<byte> b = stackalloc byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(b, v);
            Write(b);
        }

        public void WriteUInt64(ulong v)
        {
            Span<byte> b = stackalloc byte[8];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(b, v);
            Write(b);
        }
    }

    /// <summary>Reads fields that must end before <c>limit</c>; running past it means the file is truncated.</summary>
    private sealed class BoundedReader(string path, Stream stream, long limit)
    {
        public byte[] ReadBytes(int count, string what)
        {
            Require(count, what);
            var bytes = new byte[count];
            stream.ReadExactly(bytes);
            return bytes;
        }

        public ushort ReadUInt16(string what) => System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2, what));
        public uint ReadUInt32(string what) => System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4, what));
        public ulong ReadUInt64(string what) => System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8, what));

        public void Skip(ulong count, string what)
        {
            Require(count, what);
            stream.Seek((long)count, SeekOrigin.Current);
        }

        private void Require(ulong count, string what)
        {
            long left = limit - stream.Position;
            if (left < 0 || count > (ulong)left)
                throw new CheckpointException(path,
                    $"checkpoint {path} is truncated or corrupt: {what} needs {count} bytes at offset {stream.Position}, but only {Math.Max(0, left)} remain before the checksum");
        }

        private void Require(int count, string what) => Require((ulong)count, what);
    }
}
