namespace NeuralAudio.Training.Streaming;

/// <summary>
/// Turns received <see cref="CodePacket"/>s into the code matrix <c>int[quantizer, frame]</c> that
/// <see cref="Codec.CodecInference.Decode"/> takes, concealing what was lost.
/// <para>
/// Timeline: a packet's sequence is the index of its first frame. A sequence ahead of the next expected frame is a
/// gap (its frames were lost: dropped packets, or packets the <see cref="CodePacketReader"/> rejected as corrupt); a
/// sequence of 0 after frames were received is a device restart, whose frames are appended after what came before;
/// any other sequence behind the expected frame is a duplicate and is ignored.
/// </para>
/// <para>
/// Concealment: a lost frame repeats the codes of the last frame received before it (a frame lost before any
/// frame arrived repeats the first frame received). Repeating codes keeps the decoder's input on the codebooks and its
/// streaming context continuous, so a short gap is heard as a held sound rather than a click or silence; the decoded
/// length is always frames x hop, so the audio stays aligned with the device's clock.
/// </para>
/// </summary>
public sealed class CodeStreamAssembler(int? codebookSize = null)
{
    private readonly List<ushort[]?> _frames = new();
    private readonly List<CodeGap> _gaps = new();
    private long _expected;   // next frame index expected in the current device stream

    /// <summary>Longest gap concealed (2^22 frames, 18 hours at 62.5 Hz); a longer jump is an invalid packet.</summary>
    public const int MaxGapFrames = 1 << 22;

    /// <summary>Codes per frame, fixed by the first packet accepted (null before).</summary>
    public int? Quantizers { get; private set; }

    /// <summary>Packets accepted.</summary>
    public int Packets { get; private set; }

    /// <summary>Frames received (not concealed).</summary>
    public int ReceivedFrames { get; private set; }

    /// <summary>Packets ignored because their frames were already received.</summary>
    public int DuplicatePackets { get; private set; }

    /// <summary>Packets ignored because their nq differs from the stream's, or a code lies outside the codebook.</summary>
    public int InvalidPackets { get; private set; }

    /// <summary>Times the sequence restarted at 0 (device reset).</summary>
    public int Restarts { get; private set; }

    /// <summary>Missing frame ranges, in order.</summary>
    public IReadOnlyList<CodeGap> Gaps => _gaps;

    /// <summary>Frames concealed.</summary>
    public int LostFrames => _gaps.Sum(g => g.Frames);

    /// <summary>Frames on the timeline (received + concealed).</summary>
    public int TotalFrames => _frames.Count;

    /// <summary>Adds one packet (in arrival order).</summary>
    public void Add(CodePacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        if ((Quantizers is { } nq && packet.Quantizers != nq) || (codebookSize is { } k && packet.Codes.Any(c => c >= k)))
        {
            InvalidPackets++;
            return;
        }
        Quantizers ??= packet.Quantizers;
        if (packet.Sequence < _expected)
        {
            if (packet.Sequence != 0)
            {
                DuplicatePackets++;
                return;
            }
            Restarts++;
            _expected = 0;
        }
        if (packet.Sequence > _expected)
        {
            long missing = packet.Sequence - _expected;
            if (missing > MaxGapFrames)
            {
                InvalidPackets++; // an absurd jump: a corrupt packet that passed the CRC (1 in 4 billion) or another stream
                return;
            }
            _gaps.Add(new CodeGap(_frames.Count, (int)missing));
            for (long i = 0; i < missing; i++) _frames.Add(null);
        }
        for (int f = 0; f < packet.Frames; f++)
            _frames.Add(packet.Codes.AsSpan(f * packet.Quantizers, packet.Quantizers).ToArray());
        _expected = packet.Sequence + (uint)packet.Frames;
        Packets++;
        ReceivedFrames += packet.Frames;
    }

    /// <summary>The concealed code matrix <c>[quantizer, frame]</c>; throws when no packet was accepted.</summary>
    public int[,] Codes()
    {
        if (Quantizers is not { } nq || ReceivedFrames == 0) throw new InvalidOperationException("no valid code packet was received");
        var result = new int[nq, _frames.Count];
        ushort[] last = _frames.First(f => f != null)!;
        for (int f = 0; f < _frames.Count; f++)
        {
            var frame = _frames[f] ?? last;
            for (int q = 0; q < nq; q++) result[q, f] = frame[q];
            last = frame;
        }
        return result;
    }
}

/// <summary>Frames <c>[Start, Start + Frames)</c> of the timeline were lost and concealed.</summary>
public readonly record struct CodeGap(int Start, int Frames);
