using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralAudio.Runtime;

/// <summary>
/// AVX2 versions of the hot kernels, the arithmetic of <c>src/Runtime/c/na_simd_x86.c</c> in C#, taken when the
/// CPU has AVX2 (else the kernels' scalar loops run). Bit-exact with the scalar code per output:
/// <list type="bullet">
/// <item>accumulators are the exact integer sums (the input offset folded into the bias, int32 lanes wrapping);</item>
/// <item>SaturatingRoundingDoublingHighMul is bits 31..62 of a * b + 2^30 from two vpmuldq (equal to gemmlowp's
/// truncating form for every a, b), INT32_MIN * INT32_MIN mapped to int.MaxValue;</item>
/// <item>RoundingDivideByPOT, the saturating left shift and the offset-then-clamp are the scalar formulas per lane.</item>
/// </list>
/// Each Try* method returns false, having written nothing, when it does not take the shape; callers then run their
/// scalar loop. Memory is read through refs after the callers' bounds checks: every access stays within the spans.
/// The workers are AggressiveOptimization (jitted once, optimised, helpers inlined): tier-0 code of these loops runs
/// several times slower, and a short-lived caller would time it before tiering promoted it.
/// </summary>
internal static class HostSimd
{
    public static bool IsSupported => Avx2.IsSupported;

    private const int X16Cap = 2048, PairCap = 384, Blocks = 32, DwTaps = 16, DwTapCap = 256, DirectRows = 4;

    // ---- requantisation of 8 int32 lanes ------------------------------------------------------------------------

    private struct Rq
    {
        public Vector256<int> MulEven, MulOdd, Left, Right, Mask, Half;
        public bool AnyLeft, AnyMin;
    }

    private struct Clamp8
    {
        public Vector256<int> Lo, Hi, Offset;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Rq Setup(Vector256<int> multiplier, Vector256<int> shift)
    {
        var zero = Vector256<int>.Zero;
        var q = new Rq
        {
            MulEven = multiplier,
            MulOdd = Avx2.ShiftRightLogical(multiplier.AsInt64(), 32).AsInt32(),
            Left = Avx2.Max(shift, zero),
            Right = Avx2.Subtract(zero, Avx2.Min(shift, zero)),
        };
        q.Mask = Avx2.Subtract(Avx2.ShiftLeftLogicalVariable(Vector256.Create(1), q.Right.AsUInt32()), Vector256.Create(1));
        q.Half = Avx2.ShiftRightLogical(q.Mask, 1);
        q.AnyLeft = !Avx.TestZ(q.Left, q.Left);
        q.AnyMin = Avx2.MoveMask(Avx2.CompareEqual(multiplier, Vector256.Create(int.MinValue)).AsByte()) != 0;
        return q;
    }

    private static Clamp8 ClampSetup(int outputOffset, int actMin, int actMax) => new()
    {
        Lo = Vector256.Create(actMin - outputOffset),
        Hi = Vector256.Create(actMax - outputOffset),
        Offset = Vector256.Create(outputOffset),
    };

    /// <summary>MultiplyByQuantizedMultiplier on 8 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Mbqm(Vector256<int> x, in Rq q)
    {
        if (q.AnyLeft)
        {
            var shifted = Avx2.ShiftLeftLogicalVariable(x, q.Left.AsUInt32());
            var fits = Avx2.CompareEqual(Avx2.ShiftRightArithmeticVariable(shifted, q.Left.AsUInt32()), x);
            var saturated = Avx2.Xor(Vector256.Create(int.MaxValue), Avx2.ShiftRightArithmetic(x, 31));
            x = Avx2.BlendVariable(saturated, shifted, fits);
        }
        var nudge = Vector256.Create(1L << 30);
        var even = Avx2.ShiftRightLogical(Avx2.Add(Avx2.Multiply(x, q.MulEven), nudge), 31);
        var odd = Avx2.ShiftLeftLogical(Avx2.Add(Avx2.Multiply(Avx2.ShiftRightLogical(x.AsInt64(), 32).AsInt32(), q.MulOdd), nudge), 1);
        var r = Avx2.Blend(even.AsInt32(), odd.AsInt32(), 0xAA);
        if (q.AnyMin) r = Avx2.Xor(r, Avx2.CompareEqual(r, Vector256.Create(int.MinValue)));
        var remainder = Avx2.And(r, q.Mask);
        var threshold = Avx2.Subtract(q.Half, Avx2.ShiftRightArithmetic(r, 31));
        return Avx2.Subtract(Avx2.ShiftRightArithmeticVariable(r, q.Right.AsUInt32()), Avx2.CompareGreaterThan(remainder, threshold));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> OffsetClamp(Vector256<int> v, in Clamp8 c) => Avx2.Add(Avx2.Min(Avx2.Max(v, c.Lo), c.Hi), c.Offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Requantize(Vector256<int> acc, in Rq q, in Clamp8 c) => OffsetClamp(Mbqm(acc, q), c);

    /// <summary>8 lanes within int8 -> 8 bytes (as a long).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Pack8(Vector256<int> v)
    {
        var p = Avx2.PackSignedSaturate(Avx2.PackSignedSaturate(v, v), Vector256<short>.Zero).AsInt32();
        return Sse2.UnpackLow(p.GetLower(), p.GetUpper()).AsInt64().ToScalar();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<sbyte> Pack32(Vector256<int> a, Vector256<int> b, Vector256<int> c, Vector256<int> d)
    {
        var p = Avx2.PackSignedSaturate(Avx2.PackSignedSaturate(a, b), Avx2.PackSignedSaturate(c, d)).AsInt32();
        return Avx2.PermuteVar8x32(p, Vector256.Create(0, 4, 1, 5, 2, 6, 3, 7)).AsSByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store8(ref sbyte dst, int at, Vector256<int> v, int n)
    {
        long b = Pack8(v);
        if (n >= 8)
        {
            Unsafe.WriteUnaligned(ref Unsafe.As<sbyte, byte>(ref Unsafe.Add(ref dst, at)), b);
            return;
        }
        for (int i = 0; i < n; i++) Unsafe.Add(ref dst, at + i) = (sbyte)(b >> (8 * i));
    }

    /// <summary>8 int8 at src[at] sign-extended to int32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Load8(ref sbyte src, int at) =>
        Avx2.ConvertToVector256Int32(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<long>(ref Unsafe.As<sbyte, byte>(ref Unsafe.Add(ref src, at)))).AsSByte());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<short> Load16Wide(ref sbyte src, int at) =>
        Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref src, (nuint)at));

    /// <summary>Horizontal sums of 8 vectors -> one vector of the 8 sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Vector256<int> HSum8(Vector256<int> a0, Vector256<int> a1, Vector256<int> a2, Vector256<int> a3,
        Vector256<int> a4, Vector256<int> a5, Vector256<int> a6, Vector256<int> a7)
    {
        var s0123 = Avx2.HorizontalAdd(Avx2.HorizontalAdd(a0, a1), Avx2.HorizontalAdd(a2, a3));
        var s4567 = Avx2.HorizontalAdd(Avx2.HorizontalAdd(a4, a5), Avx2.HorizontalAdd(a6, a7));
        return Avx2.Add(Avx2.Permute2x128(s0123, s4567, 0x20), Avx2.Permute2x128(s0123, s4567, 0x31));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool ShiftsOk(ReadOnlySpan<int> shift, int n)
    {
        for (int i = 0; i < n; i++)
            if (shift[i] > 31 || shift[i] < -31) return false;
        return true;
    }

    /// <summary>Every lane set shares na_rq's branches: one flag for all.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ShareFlags(Span<Rq> q)
    {
        bool left = false, min = false;
        foreach (ref readonly var r in q) { left |= r.AnyLeft; min |= r.AnyMin; }
        foreach (ref var r in q) { r.AnyLeft = left; r.AnyMin = min; }
    }

    // ---- depthwise conv1d ----------------------------------------------------------------------------------------

    /// <summary>Groups = channels, one output per channel; stride 1 read flat (any C), larger strides per step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryDepthwise(in Conv1dParams p, ReadOnlySpan<sbyte> input, int outLength, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, ReadOnlySpan<int> multiplier, ReadOnlySpan<int> shift, Span<sbyte> output)
    {
        int cin = p.InChannels, kernel = p.Kernel, tapStep = p.Dilation * cin;
        if (p.OutChannels != cin || kernel > DwTaps || !ShiftsOk(shift, cin)) return false;
        int nslots;
        if (p.Stride == 1)
        {
            int period = cin;
            while (period % 8 != 0) period += cin;
            nslots = period / 8;
        }
        else nslots = cin / 8;
        if (nslots > Blocks || nslots * kernel > DwTapCap) return false;
        // Sized to the call: C# zeroes stackalloc'd memory.
        Span<Vector256<int>> taps = stackalloc Vector256<int>[Math.Max(1, nslots * kernel)];
        Span<Vector256<int>> b = stackalloc Vector256<int>[Math.Max(1, nslots)];
        Span<Rq> q = stackalloc Rq[Math.Max(1, nslots)];
        Span<int> ch = stackalloc int[8];
        for (int s = 0, n = 0; s < nslots; s++)
        {
            for (int l = 0; l < 8; l++)
            {
                if (p.Stride == 1)
                {
                    ch[l] = n;
                    if (++n == cin) n = 0;
                }
                else ch[l] = 8 * s + l;
            }
            DwLanes(p, ch, filter, bias, multiplier, shift, taps.Slice(s * kernel, kernel), out b[s], out q[s]);
        }
        ShareFlags(q[..nslots]);
        var clamp = ClampSetup(p.OutputOffset, p.ActMin, p.ActMax);
        ref sbyte x = ref MemoryMarshal.GetReference(input);
        ref sbyte o = ref MemoryMarshal.GetReference(output);
        if (p.Stride == 1)
        {
            int total = outLength * cin, vecEnd = total - total % 8;
            DwRun(ref x, 0, ref o, 0, vecEnd / 8, nslots, tapStep, kernel, taps, b, q, clamp);
            for (int n = vecEnd; n < total; n++)
            {
                int c = n % cin;
                output[n] = DwOne(p, input, n, filter, c, bias, multiplier, shift);
            }
            return true;
        }
        int full = cin - cin % 8, inStep = p.Stride * cin, rest = cin - full;
        for (int t = 0; t < outLength; t++)
            if (nslots > 0) DwRun(ref x, t * inStep, ref o, t * cin, nslots, nslots, tapStep, kernel, taps, b, q, clamp);
        if (rest == 1 || rest == 2 || rest == 4)
        {
            // The last 1, 2 or 4 channels: 8 / rest steps per vector (an incomplete vector repeats the last row).
            Span<Vector256<int>> restTaps = stackalloc Vector256<int>[kernel];
            for (int l = 0; l < 8; l++) ch[l] = full + l % rest;
            DwLanes(p, ch, filter, bias, multiplier, shift, restTaps, out var rb, out var rq);
            int steps = 8 / rest;
            Span<sbyte> x8 = stackalloc sbyte[8];
            for (int t = 0; t < outLength; t += steps)
            {
                var acc = rb;
                for (int k = 0; k < kernel; k++)
                {
                    for (int i = 0; i < steps; i++)
                    {
                        int row = Math.Min(t + i, outLength - 1);
                        input.Slice(row * inStep + full + k * tapStep, rest).CopyTo(x8.Slice(i * rest, rest));
                    }
                    acc = Avx2.Add(acc, Avx2.MultiplyLow(Load8(ref MemoryMarshal.GetReference(x8), 0), restTaps[k]));
                }
                long bytes = Pack8(Requantize(acc, rq, clamp));
                for (int i = 0; i < steps && t + i < outLength; i++)
                    for (int c = 0; c < rest; c++) output[(t + i) * cin + full + c] = (sbyte)(bytes >> (8 * (i * rest + c)));
            }
            return true;
        }
        for (int t = 0; t < outLength; t++)
            for (int c = full; c < cin; c++)
                output[t * cin + c] = DwOne(p, input, t * inStep + c, filter, c, bias, multiplier, shift);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static sbyte DwOne(in Conv1dParams p, ReadOnlySpan<sbyte> input, int at, ReadOnlySpan<sbyte> filter, int c,
        ReadOnlySpan<int> bias, ReadOnlySpan<int> multiplier, ReadOnlySpan<int> shift)
    {
        int tapStep = p.Dilation * p.InChannels, acc = 0;
        for (int k = 0; k < p.Kernel; k++) acc += (input[at + k * tapStep] + p.InputOffset) * filter[c * p.Kernel + k];
        if (!bias.IsEmpty) acc += bias[c];
        return QuantMath.Requantize(acc, multiplier[c], shift[c], p.OutputOffset, p.ActMin, p.ActMax);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DwLanes(in Conv1dParams p, ReadOnlySpan<int> ch, ReadOnlySpan<sbyte> filter, ReadOnlySpan<int> bias,
        ReadOnlySpan<int> multiplier, ReadOnlySpan<int> shift, Span<Vector256<int>> taps, out Vector256<int> b, out Rq q)
    {
        Span<int> w = stackalloc int[8];
        Span<int> b8 = stackalloc int[8], m8 = stackalloc int[8], s8 = stackalloc int[8];
        var wsum = Vector256<int>.Zero;
        ref sbyte f = ref MemoryMarshal.GetReference(filter); // ch[l] < C_in and k < kernel: within the filter
        for (int k = 0; k < p.Kernel; k++)
        {
            for (int l = 0; l < 8; l++) w[l] = Unsafe.Add(ref f, ch[l] * p.Kernel + k);
            taps[k] = Vector256.Create<int>(w);
            wsum = Avx2.Add(wsum, taps[k]);
        }
        for (int l = 0; l < 8; l++)
        {
            b8[l] = bias.IsEmpty ? 0 : bias[ch[l]];
            m8[l] = multiplier[ch[l]];
            s8[l] = shift[ch[l]];
        }
        b = Avx2.Add(Vector256.Create<int>(b8), Avx2.MultiplyLow(wsum, Vector256.Create(p.InputOffset)));
        q = Setup(Vector256.Create<int>(m8), Vector256.Create<int>(s8));
    }

    /// <summary>nvec vectors at out[o0 + 8v] reading in[x0 + 8v + k * tapStep], vector v with slot v mod nslots.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DwRun(ref sbyte x, int x0, ref sbyte o, int o0, int nvec, int nslots, int tapStep, int kernel,
        ReadOnlySpan<Vector256<int>> taps, ReadOnlySpan<Vector256<int>> b, ReadOnlySpan<Rq> q, in Clamp8 clamp)
    {
        int v = 0, s = 0;
        for (; v + 4 <= nvec; v += 4)
        {
            int s0 = s, s1 = s0 + 1 == nslots ? 0 : s0 + 1, s2 = s1 + 1 == nslots ? 0 : s1 + 1, s3 = s2 + 1 == nslots ? 0 : s2 + 1;
            var w0 = taps.Slice(s0 * kernel, kernel);
            var w1 = taps.Slice(s1 * kernel, kernel);
            var w2 = taps.Slice(s2 * kernel, kernel);
            var w3 = taps.Slice(s3 * kernel, kernel);
            Vector256<int> a0 = b[s0], a1 = b[s1], a2 = b[s2], a3 = b[s3];
            int at = x0 + 8 * v;
            for (int k = 0; k < kernel; k++, at += tapStep)
            {
                a0 = Avx2.Add(a0, Avx2.MultiplyLow(Load8(ref x, at), w0[k]));
                a1 = Avx2.Add(a1, Avx2.MultiplyLow(Load8(ref x, at + 8), w1[k]));
                a2 = Avx2.Add(a2, Avx2.MultiplyLow(Load8(ref x, at + 16), w2[k]));
                a3 = Avx2.Add(a3, Avx2.MultiplyLow(Load8(ref x, at + 24), w3[k]));
            }
            Pack32(Requantize(a0, q[s0], clamp), Requantize(a1, q[s1], clamp), Requantize(a2, q[s2], clamp), Requantize(a3, q[s3], clamp))
                .StoreUnsafe(ref o, (nuint)(o0 + 8 * v));
            s = s3 + 1 == nslots ? 0 : s3 + 1;
        }
        for (; v < nvec; v++)
        {
            var w = taps.Slice(s * kernel, kernel);
            var a = b[s];
            int at = x0 + 8 * v;
            for (int k = 0; k < kernel; k++, at += tapStep) a = Avx2.Add(a, Avx2.MultiplyLow(Load8(ref x, at), w[k]));
            Store8(ref o, o0 + 8 * v, Requantize(a, q[s], clamp), 8);
            if (++s == nslots) s = 0;
        }
    }

    // ---- dense rows: pointwise / dense conv1d (dilation 1) and linear ---------------------------------------------

    /// <summary>
    /// out[t][oc] = requant(bias[oc] + sum over i &lt; rowLen of (x[t * rowStep + i] + offset) * w[oc][i]), t &lt; rows:
    /// pointwise convs (rowLen = C_in), dense convs with dilation 1 (rowLen = k * C_in, the filter's order) and
    /// linear layers. Lanes are 8 output channels; the input widened to int16 is read as broadcast pairs against
    /// interleaved weight pairs (vpmaddwd); with 4 or fewer channels lanes 4-7 hold the next step. Few steps with
    /// rowLen a multiple of 16: each channel's dot product runs along its filter row (no weight copy).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryRows(int rows, int rowStep, int rowLen, int cout, int inputOffset, int outputOffset, int actMin, int actMax,
        ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter, ReadOnlySpan<int> bias, ReadOnlySpan<int> multiplier,
        ReadOnlySpan<int> shift, Span<sbyte> output)
    {
        if (rows <= 0 || cout <= 0) return rows >= 0 && cout >= 0;
        int nPairs = (rowLen + 1) / 2;
        bool half = cout <= 4;
        int nob = half ? 1 : (cout + 7) / 8;
        if (nPairs > PairCap || rowLen + 2 > X16Cap || rowStep <= 0 || nob > Blocks || nob * nPairs > PairCap || !ShiftsOk(shift, cout))
            return false;
        var clamp = ClampSetup(outputOffset, actMin, actMax);
        if (rows <= DirectRows && rowLen % 16 == 0 && rows * rowLen <= X16Cap)
        {
            RowsDirect(rows, rowStep, rowLen, cout, inputOffset, input, filter, bias, multiplier, shift, output, clamp);
            return true;
        }
        Span<Vector256<int>> pairs = stackalloc Vector256<int>[nob * nPairs];
        Span<Vector256<int>> b = stackalloc Vector256<int>[nob];
        Span<Rq> q = stackalloc Rq[nob];
        Span<int> oc = stackalloc int[8];
        for (int ob = 0; ob < nob; ob++)
        {
            int first = 8 * ob, nb = Math.Min(8, cout - first);
            for (int l = 0; l < 8; l++)
            {
                int lane = half ? l & 3 : l;
                oc[l] = lane < nb ? first + lane : -1;
            }
            RowsLanes(rowLen, inputOffset, oc, filter, bias, multiplier, shift, pairs.Slice(ob * nPairs, nPairs), out b[ob], out q[ob]);
        }
        ShareFlags(q[..nob]);
        int tile = (X16Cap - rowLen - 2) / rowStep + 1;
        Span<short> x16 = stackalloc short[Math.Min(rows, tile) * rowStep + rowLen + 2];
        if (half && tile > 1) tile -= tile % 2;
        ref sbyte o = ref MemoryMarshal.GetReference(output);
        for (int t0 = 0; t0 < rows; t0 += tile)
        {
            int t1 = Math.Min(rows, t0 + tile);
            Widen(input, t0 * rowStep, (t1 - 1 - t0) * rowStep + rowLen, x16);
            ref short x = ref MemoryMarshal.GetReference(x16);
            if (half) RowsHalf(ref x, rowStep, t1 - t0, cout, nPairs, pairs, b[0], q[0], clamp, ref o, t0 * cout);
            else if (nob == 1 && cout == 8) RowsOneBlock4(ref x, rowStep, t1 - t0, nPairs, pairs, b[0], q[0], clamp, ref o, t0 * 8);
            else RowsBlocks(ref x, rowStep, t1 - t0, cout, nob, nPairs, pairs, b, q, clamp, ref o, t0 * cout);
        }
        return true;
    }

    /// <summary>int16 copy of input[start, start + span) plus two zeros (an odd row's last pair reads one past, weight 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Widen(ReadOnlySpan<sbyte> input, int start, int span, Span<short> x16)
    {
        ref sbyte src = ref MemoryMarshal.GetReference(input);
        ref short dst = ref MemoryMarshal.GetReference(x16);
        int i = 0;
        for (; i + 16 <= span; i += 16) Load16Wide(ref src, start + i).StoreUnsafe(ref dst, (nuint)i);
        for (; i < span; i++) x16[i] = input[start + i];
        x16[span] = 0;
        x16[span + 1] = 0;
    }

    /// <summary>Interleaved weight pairs of channels oc (-1: empty lane), the folded bias and the requantisation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowsLanes(int rowLen, int inputOffset, ReadOnlySpan<int> oc, ReadOnlySpan<sbyte> filter, ReadOnlySpan<int> bias,
        ReadOnlySpan<int> multiplier, ReadOnlySpan<int> shift, Span<Vector256<int>> pairs, out Vector256<int> b, out Rq q)
    {
        Span<int> w = stackalloc int[8];
        Span<int> b8 = stackalloc int[8], m8 = stackalloc int[8], s8 = stackalloc int[8];
        var offsetPair = Vector256.Create((short)inputOffset).AsInt32();
        var acc = Vector256<int>.Zero;
        ref sbyte f = ref MemoryMarshal.GetReference(filter); // rows oc[l] < C_out, columns < rowLen: within the filter
        bool allLanes = true;
        for (int l = 0; l < 8; l++) allLanes &= oc[l] >= 0;
        int j = 0;
        if (allLanes)
        {
            // 16 columns of 8 rows: widen each row to 8 pairs (dwords), then an 8 x 8 dword transpose.
            for (; 2 * j + 16 <= rowLen; j += 8)
            {
                var r0 = Load16Wide(ref f, oc[0] * rowLen + 2 * j).AsInt32();
                var r1 = Load16Wide(ref f, oc[1] * rowLen + 2 * j).AsInt32();
                var r2 = Load16Wide(ref f, oc[2] * rowLen + 2 * j).AsInt32();
                var r3 = Load16Wide(ref f, oc[3] * rowLen + 2 * j).AsInt32();
                var r4 = Load16Wide(ref f, oc[4] * rowLen + 2 * j).AsInt32();
                var r5 = Load16Wide(ref f, oc[5] * rowLen + 2 * j).AsInt32();
                var r6 = Load16Wide(ref f, oc[6] * rowLen + 2 * j).AsInt32();
                var r7 = Load16Wide(ref f, oc[7] * rowLen + 2 * j).AsInt32();
                Vector256<int> u0 = Avx2.UnpackLow(r0, r1), u1 = Avx2.UnpackHigh(r0, r1), u2 = Avx2.UnpackLow(r2, r3), u3 = Avx2.UnpackHigh(r2, r3);
                Vector256<int> u4 = Avx2.UnpackLow(r4, r5), u5 = Avx2.UnpackHigh(r4, r5), u6 = Avx2.UnpackLow(r6, r7), u7 = Avx2.UnpackHigh(r6, r7);
                Vector256<long> v0 = Avx2.UnpackLow(u0.AsInt64(), u2.AsInt64()), v1 = Avx2.UnpackHigh(u0.AsInt64(), u2.AsInt64());
                Vector256<long> v2 = Avx2.UnpackLow(u1.AsInt64(), u3.AsInt64()), v3 = Avx2.UnpackHigh(u1.AsInt64(), u3.AsInt64());
                Vector256<long> v4 = Avx2.UnpackLow(u4.AsInt64(), u6.AsInt64()), v5 = Avx2.UnpackHigh(u4.AsInt64(), u6.AsInt64());
                Vector256<long> v6 = Avx2.UnpackLow(u5.AsInt64(), u7.AsInt64()), v7 = Avx2.UnpackHigh(u5.AsInt64(), u7.AsInt64());
                pairs[j] = Avx2.Permute2x128(v0, v4, 0x20).AsInt32();
                pairs[j + 1] = Avx2.Permute2x128(v1, v5, 0x20).AsInt32();
                pairs[j + 2] = Avx2.Permute2x128(v2, v6, 0x20).AsInt32();
                pairs[j + 3] = Avx2.Permute2x128(v3, v7, 0x20).AsInt32();
                pairs[j + 4] = Avx2.Permute2x128(v0, v4, 0x31).AsInt32();
                pairs[j + 5] = Avx2.Permute2x128(v1, v5, 0x31).AsInt32();
                pairs[j + 6] = Avx2.Permute2x128(v2, v6, 0x31).AsInt32();
                pairs[j + 7] = Avx2.Permute2x128(v3, v7, 0x31).AsInt32();
            }
        }
        for (; j < pairs.Length; j++)
        {
            for (int l = 0; l < 8; l++)
            {
                int lo = 0, hi = 0;
                if (oc[l] >= 0)
                {
                    lo = Unsafe.Add(ref f, oc[l] * rowLen + 2 * j);
                    hi = 2 * j + 1 < rowLen ? Unsafe.Add(ref f, oc[l] * rowLen + 2 * j + 1) : 0;
                }
                w[l] = (int)(((uint)(ushort)(short)hi << 16) | (ushort)(short)lo);
            }
            pairs[j] = Vector256.Create<int>(w);
        }
        // bias + offset * sum(w): vpmaddwd of each pair with (offset, offset), wrapping like the lanes
        for (j = 0; j < pairs.Length; j++) acc = Avx2.Add(acc, Avx2.MultiplyAddAdjacent(pairs[j].AsInt16(), offsetPair.AsInt16()));
        for (int l = 0; l < 8; l++)
        {
            b8[l] = oc[l] >= 0 && !bias.IsEmpty ? bias[oc[l]] : 0;
            m8[l] = oc[l] >= 0 ? multiplier[oc[l]] : 0;
            s8[l] = oc[l] >= 0 ? shift[oc[l]] : 0;
        }
        b = Avx2.Add(acc, Vector256.Create<int>(b8));
        q = Setup(Vector256.Create<int>(m8), Vector256.Create<int>(s8));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<short> Pair(ref short x, int at) => Vector256.Create(Unsafe.ReadUnaligned<int>(ref Unsafe.As<short, byte>(ref Unsafe.Add(ref x, at)))).AsInt16();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Dot(ref short x, int at, ReadOnlySpan<Vector256<int>> w, Vector256<int> acc)
    {
        for (int j = 0; j < w.Length; j++) acc = Avx2.Add(acc, Avx2.MultiplyAddAdjacent(Pair(ref x, at + 2 * j), w[j].AsInt16()));
        return acc;
    }

    /// <summary>C_out = 8: 4 steps per pass on the same weights, one 32-byte store.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowsOneBlock4(ref short x, int rowStep, int nrows, int nPairs, ReadOnlySpan<Vector256<int>> pairs,
        Vector256<int> b, in Rq q, in Clamp8 clamp, ref sbyte o, int o0)
    {
        int t = 0;
        var w = pairs[..nPairs];
        for (; t + 4 <= nrows; t += 4)
        {
            Vector256<int> a0 = b, a1 = b, a2 = b, a3 = b;
            int r0 = t * rowStep, r1 = r0 + rowStep, r2 = r1 + rowStep, r3 = r2 + rowStep;
            for (int j = 0; j < w.Length; j++)
            {
                var wj = w[j].AsInt16();
                a0 = Avx2.Add(a0, Avx2.MultiplyAddAdjacent(Pair(ref x, r0 + 2 * j), wj));
                a1 = Avx2.Add(a1, Avx2.MultiplyAddAdjacent(Pair(ref x, r1 + 2 * j), wj));
                a2 = Avx2.Add(a2, Avx2.MultiplyAddAdjacent(Pair(ref x, r2 + 2 * j), wj));
                a3 = Avx2.Add(a3, Avx2.MultiplyAddAdjacent(Pair(ref x, r3 + 2 * j), wj));
            }
            Pack32(Requantize(a0, q, clamp), Requantize(a1, q, clamp), Requantize(a2, q, clamp), Requantize(a3, q, clamp))
                .StoreUnsafe(ref o, (nuint)(o0 + 8 * t));
        }
        for (; t < nrows; t++) Store8(ref o, o0 + 8 * t, Requantize(Dot(ref x, t * rowStep, w, b), q, clamp), 8);
    }

    /// <summary>Several blocks: per step, blocks 2 at a time on one broadcast pair (the last block may be partial).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowsBlocks(ref short x, int rowStep, int nrows, int cout, int nob, int nPairs, ReadOnlySpan<Vector256<int>> pairs,
        ReadOnlySpan<Vector256<int>> b, ReadOnlySpan<Rq> q, in Clamp8 clamp, ref sbyte o, int o0)
    {
        for (int t = 0; t < nrows; t++)
        {
            int row = t * rowStep, ob = 0;
            for (; ob + 2 <= nob; ob += 2)
            {
                var w0 = pairs.Slice(ob * nPairs, nPairs);
                var w1 = pairs.Slice((ob + 1) * nPairs, nPairs);
                Vector256<int> a0 = b[ob], a1 = b[ob + 1];
                for (int j = 0; j < nPairs; j++)
                {
                    var xv = Pair(ref x, row + 2 * j);
                    a0 = Avx2.Add(a0, Avx2.MultiplyAddAdjacent(xv, w0[j].AsInt16()));
                    a1 = Avx2.Add(a1, Avx2.MultiplyAddAdjacent(xv, w1[j].AsInt16()));
                }
                Store8(ref o, o0 + t * cout + 8 * ob, Requantize(a0, q[ob], clamp), 8);
                Store8(ref o, o0 + t * cout + 8 * ob + 8, Requantize(a1, q[ob + 1], clamp), Math.Min(8, cout - 8 * ob - 8));
            }
            if (ob < nob)
                Store8(ref o, o0 + t * cout + 8 * ob, Requantize(Dot(ref x, row, pairs.Slice(ob * nPairs, nPairs), b[ob]), q[ob], clamp),
                    Math.Min(8, cout - 8 * ob));
        }
    }

    /// <summary>C_out &lt;= 4: lanes 0-3 step t, lanes 4-7 step t + 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowsHalf(ref short x, int rowStep, int nrows, int cout, int nPairs, ReadOnlySpan<Vector256<int>> pairs,
        Vector256<int> b, in Rq q, in Clamp8 clamp, ref sbyte o, int o0)
    {
        var w = pairs[..nPairs];
        for (int t = 0; t < nrows; t += 2)
        {
            int r0 = t * rowStep, r1 = t + 1 < nrows ? r0 + rowStep : r0;
            var acc = b;
            for (int j = 0; j < w.Length; j++)
                acc = Avx2.Add(acc, Avx2.MultiplyAddAdjacent(Avx2.Blend(Pair(ref x, r0 + 2 * j).AsInt32(), Pair(ref x, r1 + 2 * j).AsInt32(), 0xF0).AsInt16(),
                    w[j].AsInt16()));
            long bytes = Pack8(Requantize(acc, q, clamp));
            if (cout == 4 && t + 1 < nrows)
            {
                Unsafe.WriteUnaligned(ref Unsafe.As<sbyte, byte>(ref Unsafe.Add(ref o, o0 + t * 4)), bytes); // steps t, t + 1 adjoin
                continue;
            }
            for (int c = 0; c < cout; c++) Unsafe.Add(ref o, o0 + t * cout + c) = (sbyte)(bytes >> (8 * c));
            if (t + 1 < nrows)
                for (int c = 0; c < cout; c++) Unsafe.Add(ref o, o0 + (t + 1) * cout + c) = (sbyte)(bytes >> (32 + 8 * c));
        }
    }

    /// <summary>Few steps: each channel's dot product along its filter row against the int16 input plus offset.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowsDirect(int rows, int rowStep, int rowLen, int cout, int inputOffset, ReadOnlySpan<sbyte> input,
        ReadOnlySpan<sbyte> filter, ReadOnlySpan<int> bias, ReadOnlySpan<int> multiplier, ReadOnlySpan<int> shift,
        Span<sbyte> output, in Clamp8 clamp)
    {
        Span<short> x16 = stackalloc short[rows * rowLen];
        ref sbyte src = ref MemoryMarshal.GetReference(input);
        ref sbyte wr = ref MemoryMarshal.GetReference(filter);
        ref short xr = ref MemoryMarshal.GetReference(x16);
        var offset = Vector256.Create((short)inputOffset);
        for (int t = 0; t < rows; t++)
            for (int i = 0; i < rowLen; i += 16)
                Avx2.Add(Load16Wide(ref src, t * rowStep + i), offset).StoreUnsafe(ref xr, (nuint)(t * rowLen + i));
        Span<int> b8 = stackalloc int[8], m8 = stackalloc int[8], s8 = stackalloc int[8], row = stackalloc int[8];
        ref sbyte o = ref MemoryMarshal.GetReference(output);
        for (int ob = 0; ob < cout; ob += 8)
        {
            int nb = Math.Min(8, cout - ob);
            for (int l = 0; l < 8; l++)
            {
                int c = ob + Math.Min(l, nb - 1); // spare lanes repeat the last channel, unused
                row[l] = c * rowLen;
                b8[l] = bias.IsEmpty ? 0 : bias[c];
                m8[l] = multiplier[c];
                s8[l] = shift[c];
            }
            var b = Vector256.Create<int>(b8);
            var q = Setup(Vector256.Create<int>(m8), Vector256.Create<int>(s8));
            for (int t = 0; t < rows; t++)
            {
                Vector256<int> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
                for (int i = 0; i < rowLen; i += 16)
                {
                    var xv = Vector256.LoadUnsafe(ref xr, (nuint)(t * rowLen + i));
                    a0 = Avx2.Add(a0, Avx2.MultiplyAddAdjacent(xv, Load16Wide(ref wr, row[0] + i)));
                    a1 = Avx2.Add(a1, Avx2.MultiplyAddAdjacent(xv, Load16Wide(ref wr, row[1] + i)));
                    a2 = Avx2.Add(a2, Avx2.MultiplyAddAdjacent(xv, Load16Wide(ref wr, row[2] + i)));
                    a3 = Avx2.Add(a3, Avx2.MultiplyAddAdjacent(xv, Load16Wide(ref wr, row[3] + i)));
                    a4 = Avx2.Add(a4, Avx2.MultiplyAddAdjacent(xv, Load16Wide(ref wr, row[4] + i)));
                    a5 = Avx2.Add(a5, Avx2.MultiplyAddAdjacent(xv, Load16Wide(ref wr, row[5] + i)));
                    a6 = Avx2.Add(a6, Avx2.MultiplyAddAdjacent(xv, Load16Wide(ref wr, row[6] + i)));
                    a7 = Avx2.Add(a7, Avx2.MultiplyAddAdjacent(xv, Load16Wide(ref wr, row[7] + i)));
                }
                Store8(ref o, t * cout + ob, Requantize(Avx2.Add(HSum8(a0, a1, a2, a3, a4, a5, a6, a7), b), q, clamp), nb);
            }
        }
    }

    // ---- add ---------------------------------------------------------------------------------------------------

    /// <summary>
    /// TFLite add on 8 lanes (as <c>na_x86_add_s8</c>; false when a shift lies outside [-31, 31]). With left shift
    /// 15..22 and input shifts &lt;= 0 the inputs' SRDHM uses the exact split m = mh 2^16 + ml:
    /// SRDHM(A 2^ls, m) = A (mh &lt;&lt; (16 - d)) + ((A ml + 2^(d-1)) &gt;&gt; d), d = 31 - ls, |A| &lt;= 255.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryAdd(in AddParams p, ReadOnlySpan<sbyte> input1, ReadOnlySpan<sbyte> input2, Span<sbyte> output)
    {
        if (!ShiftsOk([p.Input1Shift, p.Input2Shift, p.OutputShift], 3)) return false;
        int size = input1.Length, i = 0;
        var clamp = ClampSetup(p.OutputOffset, p.ActMin, p.ActMax);
        var qo = Setup(Vector256.Create(p.OutputMultiplier), Vector256.Create(p.OutputShift));
        ref sbyte a = ref MemoryMarshal.GetReference(input1);
        ref sbyte b = ref MemoryMarshal.GetReference(input2);
        ref sbyte o = ref MemoryMarshal.GetReference(output);
        if (p.LeftShift >= 15 && p.Input1Shift <= 0 && p.Input2Shift <= 0)
        {
            var in1 = new AddInput(p.Input1Offset, p.Input1Multiplier, p.Input1Shift, p.LeftShift);
            var in2 = new AddInput(p.Input2Offset, p.Input2Multiplier, p.Input2Shift, p.LeftShift);
            for (; i + 32 <= size; i += 32)
            {
                var r0 = OffsetClamp(Mbqm(Avx2.Add(in1.Rescale(Load8(ref a, i)), in2.Rescale(Load8(ref b, i))), qo), clamp);
                var r1 = OffsetClamp(Mbqm(Avx2.Add(in1.Rescale(Load8(ref a, i + 8)), in2.Rescale(Load8(ref b, i + 8))), qo), clamp);
                var r2 = OffsetClamp(Mbqm(Avx2.Add(in1.Rescale(Load8(ref a, i + 16)), in2.Rescale(Load8(ref b, i + 16))), qo), clamp);
                var r3 = OffsetClamp(Mbqm(Avx2.Add(in1.Rescale(Load8(ref a, i + 24)), in2.Rescale(Load8(ref b, i + 24))), qo), clamp);
                Pack32(r0, r1, r2, r3).StoreUnsafe(ref o, (nuint)i);
            }
            for (; i + 8 <= size; i += 8)
                Store8(ref o, i, OffsetClamp(Mbqm(Avx2.Add(in1.Rescale(Load8(ref a, i)), in2.Rescale(Load8(ref b, i))), qo), clamp), 8);
        }
        else
        {
            var q1 = Setup(Vector256.Create(p.Input1Multiplier), Vector256.Create(p.Input1Shift));
            var q2 = Setup(Vector256.Create(p.Input2Multiplier), Vector256.Create(p.Input2Shift));
            var off1 = Vector256.Create(p.Input1Offset);
            var off2 = Vector256.Create(p.Input2Offset);
            var ls = Vector128.CreateScalar(p.LeftShift);
            for (; i + 8 <= size; i += 8)
            {
                var x1 = Mbqm(Avx2.ShiftLeftLogical(Avx2.Add(Load8(ref a, i), off1), ls), q1);
                var x2 = Mbqm(Avx2.ShiftLeftLogical(Avx2.Add(Load8(ref b, i), off2), ls), q2);
                Store8(ref o, i, OffsetClamp(Mbqm(Avx2.Add(x1, x2), qo), clamp), 8);
            }
        }
        for (; i < size; i++) output[i] = AddKernel.Element(p, input1[i], input2[i]);
        return true;
    }

    private readonly struct AddInput
    {
        private readonly Vector256<int> offset, mh, ml, round, right, mask, half;
        private readonly Vector128<int> d;

        public AddInput(int inputOffset, int multiplier, int shift, int leftShift)
        {
            int bits = 31 - leftShift;
            d = Vector128.CreateScalar(bits);
            offset = Vector256.Create(inputOffset);
            mh = Vector256.Create((int)((uint)(multiplier >> 16) << (16 - bits)));
            ml = Vector256.Create(multiplier & 0xFFFF);
            round = Vector256.Create(1 << (bits - 1));
            var q = Setup(Vector256.Create(multiplier), Vector256.Create(shift));
            right = q.Right;
            mask = q.Mask;
            half = q.Half;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<int> Rescale(Vector256<int> x)
        {
            var a = Avx2.Add(x, offset);
            var r = Avx2.Add(Avx2.MultiplyLow(a, mh), Avx2.ShiftRightArithmetic(Avx2.Add(Avx2.MultiplyLow(a, ml), round), d));
            var remainder = Avx2.And(r, mask);
            var threshold = Avx2.Subtract(half, Avx2.ShiftRightArithmetic(r, 31));
            return Avx2.Subtract(Avx2.ShiftRightArithmeticVariable(r, right.AsUInt32()), Avx2.CompareGreaterThan(remainder, threshold));
        }
    }

    // ---- 256-entry table look-up ------------------------------------------------------------------------------------

    /// <summary>output[i] = lut[input[i] + 128]: AVX-512 VBMI vpermi2b where present, else 16 vpshufb and a blend tree.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Lut(ReadOnlySpan<sbyte> input, Span<sbyte> output, ReadOnlySpan<sbyte> lut)
    {
        int size = input.Length, i = 0;
        ref sbyte x = ref MemoryMarshal.GetReference(input);
        ref sbyte o = ref MemoryMarshal.GetReference(output);
        ref byte t = ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetReference(lut));
        if (Avx512Vbmi.IsSupported && size >= 64)
        {
            var t0 = Vector512.LoadUnsafe(ref t, 0);
            var t1 = Vector512.LoadUnsafe(ref t, 64);
            var t2 = Vector512.LoadUnsafe(ref t, 128);
            var t3 = Vector512.LoadUnsafe(ref t, 192);
            var flip = Vector512.Create((byte)0x80);
            for (; i + 64 <= size; i += 64)
            {
                var u = Avx512F.Xor(Vector512.LoadUnsafe(ref Unsafe.As<sbyte, byte>(ref x), (nuint)i), flip);
                var lo = Avx512Vbmi.PermuteVar64x8x2(t0, u, t1);
                var hi = Avx512Vbmi.PermuteVar64x8x2(t2, u, t3);
                // bit 7 of the index picks the upper half of the table
                var upper = Avx512BW.CompareGreaterThanOrEqual(u, flip);
                Avx512BW.BlendVariable(lo, hi, upper).StoreUnsafe(ref Unsafe.As<sbyte, byte>(ref o), (nuint)i);
            }
        }
        if (size - i >= 32)
        {
            Span<Vector256<sbyte>> rowsLut = stackalloc Vector256<sbyte>[16];
            for (int h = 0; h < 16; h++) rowsLut[h] = Vector256.Create(Vector128.LoadUnsafe(ref t, (nuint)(16 * h))).AsSByte();
            var flip = Vector256.Create(unchecked((sbyte)0x80));
            var low4 = Vector256.Create((sbyte)0x0F);
            for (; i + 32 <= size; i += 32)
            {
                var u = Avx2.Xor(Vector256.LoadUnsafe(ref x, (nuint)i), flip);
                var lo = Avx2.And(u, low4);
                var bit4 = Avx2.ShiftLeftLogical(u.AsInt16(), 3).AsSByte();
                var bit5 = Avx2.ShiftLeftLogical(u.AsInt16(), 2).AsSByte();
                var bit6 = Avx2.ShiftLeftLogical(u.AsInt16(), 1).AsSByte();
                var l0 = Avx2.BlendVariable(Avx2.Shuffle(rowsLut[0], lo), Avx2.Shuffle(rowsLut[1], lo), bit4);
                var l1 = Avx2.BlendVariable(Avx2.Shuffle(rowsLut[2], lo), Avx2.Shuffle(rowsLut[3], lo), bit4);
                var l2 = Avx2.BlendVariable(Avx2.Shuffle(rowsLut[4], lo), Avx2.Shuffle(rowsLut[5], lo), bit4);
                var l3 = Avx2.BlendVariable(Avx2.Shuffle(rowsLut[6], lo), Avx2.Shuffle(rowsLut[7], lo), bit4);
                var l4 = Avx2.BlendVariable(Avx2.Shuffle(rowsLut[8], lo), Avx2.Shuffle(rowsLut[9], lo), bit4);
                var l5 = Avx2.BlendVariable(Avx2.Shuffle(rowsLut[10], lo), Avx2.Shuffle(rowsLut[11], lo), bit4);
                var l6 = Avx2.BlendVariable(Avx2.Shuffle(rowsLut[12], lo), Avx2.Shuffle(rowsLut[13], lo), bit4);
                var l7 = Avx2.BlendVariable(Avx2.Shuffle(rowsLut[14], lo), Avx2.Shuffle(rowsLut[15], lo), bit4);
                var m0 = Avx2.BlendVariable(Avx2.BlendVariable(l0, l1, bit5), Avx2.BlendVariable(l2, l3, bit5), bit6);
                var m1 = Avx2.BlendVariable(Avx2.BlendVariable(l4, l5, bit5), Avx2.BlendVariable(l6, l7, bit5), bit6);
                Avx2.BlendVariable(m0, m1, u).StoreUnsafe(ref o, (nuint)i);
            }
        }
        for (; i < size; i++) output[i] = lut[input[i] + 128];
    }

    // ---- int16 PCM -> int8 ----------------------------------------------------------------------------------------

    /// <summary>clamp(MBQM(pcm, m, s) + offset), the sum wrapping before the clamp as in the scalar loop.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryQuantizePcm(ReadOnlySpan<short> pcm, int multiplier, int shift, int outputOffset, int actMin, int actMax, Span<sbyte> output)
    {
        if (shift > 31 || shift < -31) return false;
        var q = Setup(Vector256.Create(multiplier), Vector256.Create(shift));
        var offset = Vector256.Create(outputOffset);
        var lo = Vector256.Create(actMin);
        var hi = Vector256.Create(actMax);
        ref short x = ref MemoryMarshal.GetReference(pcm);
        ref sbyte o = ref MemoryMarshal.GetReference(output);
        int i = 0;
        for (; i + 8 <= pcm.Length; i += 8)
        {
            var v = Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref x, (nuint)i));
            Store8(ref o, i, Avx2.Min(Avx2.Max(Avx2.Add(Mbqm(v, q), offset), lo), hi), 8);
        }
        for (; i < pcm.Length; i++)
            output[i] = (sbyte)Math.Clamp(QuantMath.MultiplyByQuantizedMultiplier(pcm[i], multiplier, shift) + outputOffset, actMin, actMax);
        return true;
    }

    /// <summary>
    /// An encoder's first conv on int16 PCM, one input channel, stride 1 (as <c>na_x86_pcm_stem_avx2</c>): lanes are 8
    /// consecutive time steps of one output channel, each tap one load of 8 samples. False: the portable loop runs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryPcmStem(in Conv1dParams p, ReadOnlySpan<short> input, int outLength, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, ReadOnlySpan<int> multiplier, ReadOnlySpan<int> shift, Span<sbyte> output)
    {
        const int MaxChannels = 64;
        int cout = p.OutChannels, kernel = p.Kernel, dilation = p.Dilation;
        if (p.InChannels != 1 || p.Stride != 1 || p.Groups != 1 || kernel > DwTaps || cout > MaxChannels || outLength <= 0
            || !ShiftsOk(shift, cout)) return false;
        var clamp = ClampSetup(p.OutputOffset, p.ActMin, p.ActMax);
        Span<Rq> q = stackalloc Rq[cout];
        for (int oc = 0; oc < cout; oc++) q[oc] = Setup(Vector256.Create(multiplier[oc]), Vector256.Create(shift[oc]));
        Span<Vector256<int>> x = stackalloc Vector256<int>[kernel];
        ref short source = ref MemoryMarshal.GetReference(input);
        int t = 0;
        for (; t + 8 <= outLength; t += 8)
        {
            for (int k = 0; k < kernel; k++) x[k] = Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref source, (nuint)(t + k * dilation)));
            for (int oc = 0; oc < cout; oc++)
            {
                var acc = Vector256.Create(bias.IsEmpty ? 0 : bias[oc]);
                for (int k = 0; k < kernel; k++) acc = Avx2.Add(acc, Avx2.MultiplyLow(x[k], Vector256.Create((int)filter[oc * kernel + k])));
                long bytes = Pack8(Requantize(acc, q[oc], clamp));
                for (int l = 0; l < 8; l++) output[(t + l) * cout + oc] = (sbyte)(bytes >> (8 * l));
            }
        }
        for (; t < outLength; t++)
            for (int oc = 0; oc < cout; oc++)
            {
                int acc = bias.IsEmpty ? 0 : bias[oc];
                for (int k = 0; k < kernel; k++) acc += input[t + k * dilation] * filter[oc * kernel + k];
                output[t * cout + oc] = QuantMath.Requantize(acc, multiplier[oc], shift[oc], p.OutputOffset, p.ActMin, p.ActMax);
            }
        return true;
    }

    // ---- test hooks (NeuralAudio.Runtime.Tests: the vector arithmetic on every edge value, not only through int8) -----

    /// <summary>out[i] = the vector MultiplyByQuantizedMultiplier(x[i], multiplier[i], shift[i]), shifts in [-31, 31].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void MbqmForTests(ReadOnlySpan<int> x, ReadOnlySpan<int> multiplier, ReadOnlySpan<int> shift, Span<int> output)
    {
        Span<int> x8 = stackalloc int[8], m8 = stackalloc int[8], s8 = stackalloc int[8], r8 = stackalloc int[8];
        for (int i = 0; i < x.Length; i += 8)
        {
            for (int l = 0; l < 8; l++)
            {
                bool inside = i + l < x.Length;
                x8[l] = inside ? x[i + l] : 0;
                m8[l] = inside ? multiplier[i + l] : 0;
                s8[l] = inside ? shift[i + l] : 0;
            }
            Mbqm(Vector256.Create<int>(x8), Setup(Vector256.Create<int>(m8), Vector256.Create<int>(s8))).CopyTo(r8);
            for (int l = 0; l < 8 && i + l < x.Length; l++) output[i + l] = r8[l];
        }
    }

    /// <summary>out[i] = the add's split input rescale of x[i] (left shift 15..22, shift -31..0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void AddInputRescaleForTests(ReadOnlySpan<sbyte> x, int offset, int multiplier, int shift, int leftShift, Span<int> output)
    {
        var input = new AddInput(offset, multiplier, shift, leftShift);
        Span<int> r8 = stackalloc int[8];
        Span<sbyte> x8 = stackalloc sbyte[8];
        for (int i = 0; i < x.Length; i += 8)
        {
            for (int l = 0; l < 8; l++) x8[l] = i + l < x.Length ? x[i + l] : (sbyte)0;
            input.Rescale(Load8(ref MemoryMarshal.GetReference(x8), 0)).CopyTo(r8);
            for (int l = 0; l < 8 && i + l < x.Length; l++) output[i + l] = r8[l];
        }
    }

    // ---- residual VQ ------------------------------------------------------------------------------------------------

    /// <summary>
    /// True when <see cref="RvqDot"/> takes residuals of <paramref name="dim"/> values: dim % 16 == 0 and dim &lt;= 256,
    /// where the int32 lane sums of vpmaddwd are exact (|r w| &lt;= 2^22).
    /// </summary>
    public static bool RvqDotFits(int dim) => dim % 16 == 0 && dim <= 256;

    /// <summary>
    /// sum(r[i] * (w[i] + offset)) = sum(r[i] * w[i]) + offset * rSum, given <paramref name="offsetTerm"/> =
    /// offset * rSum; equals the scalar int64 dot product for a residual that <see cref="RvqDotFits"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long RvqDot(ReadOnlySpan<short> r, ReadOnlySpan<sbyte> word, long offsetTerm)
    {
        ref short rr = ref MemoryMarshal.GetReference(r);
        ref sbyte wr = ref MemoryMarshal.GetReference(word);
        var acc = Vector256<int>.Zero;
        for (int i = 0; i < r.Length; i += 16)
            acc = Avx2.Add(acc, Avx2.MultiplyAddAdjacent(Vector256.LoadUnsafe(ref rr, (nuint)i), Load16Wide(ref wr, i)));
        return Vector256.Sum(acc) + offsetTerm;
    }
}
