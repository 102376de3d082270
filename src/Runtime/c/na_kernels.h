/*
 * NeuralAudio int8 runtime kernels (portable C99).
 *
 * Quantisation follows the TFLite int8 specification so that esp-nn's kernels can replace these on the ESP32-S3:
 *   - weights: int8, symmetric per output channel, values in [-127, 127];
 *   - activations: int8 per tensor, asymmetric: real = scale * (q - zero_point);
 *   - bias: int32 with scale input_scale * weight_scale[c] (zero point 0);
 *   - requantisation: per output channel an int32 multiplier (Q31, in [2^30, 2^31) or 0) and an int32 shift
 *     (positive = left shift), applied by na_multiply_by_quantized_multiplier, then + output_offset, then clamp
 *     to [act_min, act_max]. A fused ReLU is act_min = output zero point. The kernels clamp to
 *     [act_min - output_offset, act_max - output_offset] and then add the offset: the same value as TFLite's
 *     clamp(v + offset) wherever that is defined, and no int32 overflow when v saturates.
 *
 * Offsets follow TFLite Micro: input_offset = -input_zero_point (added to every input value),
 * output_offset = +output_zero_point.
 *
 * Layouts (channels last, like TFLite / esp-nn):
 *   - 1-D signal (C, T)     -> int8 [T][C]
 *   - 2-D map (C, H, W)     -> int8 [H][W][C]
 *   - conv1d filter         -> int8 [out][k][in / groups]
 *   - conv2d filter         -> int8 [out][kh][kw][in / groups]
 *   - transposed conv1d     -> int8 [out][k][in]  (PyTorch stores [in][out][k]: the exporter permutes)
 *   - linear                -> int8 [out][in]
 *
 * Everything here is integer arithmetic: no floating point, no malloc, no static state. Every table (multipliers,
 * lookup tables, codebook norms) is computed at export time by NeuralAudio.Runtime.QuantizationParameters /
 * LookupTables / RvqQuantization (C#), which is also where the same kernels run bit-exactly for host emulation.
 *
 * Well-defined C only: arithmetic right shifts of negative numbers are written as ~(~x >> n) (the result of >> on a
 * negative value is implementation-defined in C99), no left shift of a negative value, no signed overflow in the
 * requantisation helpers. Accumulators are int32 like TFLite: callers guarantee that a dot product fits, i.e.
 * (taps * in_channels / groups) * 255 * 127 < 2^31 (about 66,000 taps); the exporter checks this.
 */
#ifndef NA_KERNELS_H
#define NA_KERNELS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------------------------------------------ */
/* Requantisation helpers (na_quant.c): TFLite / gemmlowp semantics, bit for bit.                                */
/* ------------------------------------------------------------------------------------------------------------ */

/* gemmlowp SaturatingRoundingDoublingHighMul: round(a * b / 2^31). The nudge is 2^30 for a non-negative product and
 * 1 - 2^30 otherwise, then the int64 division truncates toward zero, so exact halves round toward +infinity
 * (1.5 -> 2, -1.5 -> -1, -2.5 -> -2). The one overflowing case, INT32_MIN * INT32_MIN, saturates to INT32_MAX. */
int32_t na_saturating_rounding_doubling_high_mul(int32_t a, int32_t b);

/* gemmlowp RoundingDivideByPOT: x / 2^exponent rounded to nearest, ties away from zero (-2.5 -> -3, 2.5 -> 3).
 * exponent in [0, 31]. */
int32_t na_rounding_divide_by_pot(int32_t x, int32_t exponent);

/* TFLite MultiplyByQuantizedMultiplier: shift > 0 multiplies x by 2^shift before the high multiplication,
 * shift < 0 divides by 2^-shift (rounding) after it. shift in [-31, 31]. Where TFLite's x * 2^shift would
 * overflow int32 (undefined behaviour there) the product saturates here. */
int32_t na_multiply_by_quantized_multiplier(int32_t x, int32_t multiplier, int32_t shift);

/* The host SIMD kernels this build runs on this CPU (na_simd_x86.c, bit-exact with the portable ones):
 * "avx2+avx512vbmi", "avx2", or "none" (the portable C: other CPUs, other compilers, -DNA_NO_HOST_SIMD, and
 * always on the ESP32-S3). */
const char *na_host_simd(void);

/* Arithmetic shift right of a possibly negative value, written without implementation-defined behaviour. */
int32_t na_shift_right_arithmetic(int32_t x, int32_t n);

/* ------------------------------------------------------------------------------------------------------------ */
/* Convolution 1-D (na_conv1d.c)                                                                                 */
/* ------------------------------------------------------------------------------------------------------------ */

typedef struct {
    int32_t in_channels;   /* C_in, divisible by groups */
    int32_t out_channels;  /* C_out, divisible by groups */
    int32_t kernel;        /* k */
    int32_t stride;        /* s >= 1 */
    int32_t dilation;      /* d >= 1 */
    int32_t groups;        /* 1 = dense, in_channels = depthwise (out_channels = m * in_channels) */
    int32_t input_offset;  /* -input zero point */
    int32_t output_offset; /* +output zero point */
    int32_t act_min;       /* clamp range of the int8 output, within [-128, 127] */
    int32_t act_max;
} na_conv1d_params;

/* Output length of a valid (unpadded) conv1d over input_length samples: (L_in - span) / stride + 1 with
 * span = (k - 1) * d + 1; 0 when the input is shorter than the span. */
int32_t na_conv1d_output_length(const na_conv1d_params *p, int32_t input_length);

/*
 * Valid conv1d over a contiguous window input [input_length][in_channels] -> output [L_out][out_channels].
 * The window ALREADY contains any left padding or streaming state: the caller concatenates the state (the last
 * (k - 1) * d + 1 - s samples) with the new chunk, or fills the padding with the input zero point offline.
 * bias may be NULL (no bias). multiplier/shift are per output channel.
 * Dispatches to the pointwise (k = 1, groups = 1) or depthwise (groups = in_channels) loop, which give results
 * identical to na_conv1d_s8_generic.
 */
void na_conv1d_s8(const na_conv1d_params *p, const int8_t *input, int32_t input_length, const int8_t *filter,
                  const int32_t *bias, const int32_t *multiplier, const int32_t *shift, int8_t *output);

/* The reference loop for any stride, dilation and groups. */
void na_conv1d_s8_generic(const na_conv1d_params *p, const int8_t *input, int32_t input_length,
                          const int8_t *filter, const int32_t *bias, const int32_t *multiplier,
                          const int32_t *shift, int8_t *output);

/* k = 1, groups = 1 (any stride): one contiguous dot product per output. */
void na_conv1d_pointwise_s8(const na_conv1d_params *p, const int8_t *input, int32_t input_length,
                            const int8_t *filter, const int32_t *bias, const int32_t *multiplier,
                            const int32_t *shift, int8_t *output);

/* groups = in_channels, out_channels = m * in_channels (output channel o reads input channel o / m). */
void na_conv1d_depthwise_s8(const na_conv1d_params *p, const int8_t *input, int32_t input_length,
                            const int8_t *filter, const int32_t *bias, const int32_t *multiplier,
                            const int32_t *shift, int8_t *output);

/*
 * A first conv1d (every encoder's), fed the int16 PCM itself (real = pcm / 32768, zero point 0; input_offset must be 0):
 * an int8 input would keep only the top 8 bits of every sample (31-34 dB of SNR on 8 LJSpeech clips peaking at -0.4
 * to -6 dBFS). Any stride, dilation and groups; the window holds the state or padding as for na_conv1d_s8. A product is
 * at most 32768 * 127, so the fan-in (taps * in_channels / groups) must stay at or below 516 (the exporter checks).
 */
void na_conv1d_pcm_s16(const na_conv1d_params *p, const int16_t *input, int32_t input_length, const int8_t *filter,
                       const int32_t *bias, const int32_t *multiplier, const int32_t *shift, int8_t *output);

/* ------------------------------------------------------------------------------------------------------------ */
/* Convolution 2-D (na_conv2d.c)                                                                                 */
/* ------------------------------------------------------------------------------------------------------------ */

typedef struct {
    int32_t in_channels, out_channels;
    int32_t in_height, in_width;
    int32_t out_height, out_width;
    int32_t kernel_h, kernel_w;
    int32_t stride_h, stride_w;
    int32_t dilation_h, dilation_w;
    int32_t pad_top, pad_left; /* implicit padding: taps outside the input contribute 0 (= the input zero point) */
    int32_t groups;
    int32_t input_offset, output_offset, act_min, act_max;
} na_conv2d_params;

/*
 * conv2d: input [in_height][in_width][in_channels] -> output [out_height][out_width][out_channels].
 * Output pixel (y, x) reads rows y * stride_h - pad_top + i * dilation_h, columns x * stride_w - pad_left +
 * j * dilation_w; taps outside the input are skipped (same padding with the zero point, without a copy).
 * "same" 3x3 stride 1: pad_top = pad_left = 1, out = in. 1xk valid: pad 0, out_w = in_w - k + 1.
 * Only the in-range taps are visited; with dilation_w = 1 and groups = 1 each kernel row is one contiguous
 * dot product over kw * in_channels values (the fast path).
 */
void na_conv2d_s8(const na_conv2d_params *p, const int8_t *input, const int8_t *filter, const int32_t *bias,
                  const int32_t *multiplier, const int32_t *shift, int8_t *output);

/* ------------------------------------------------------------------------------------------------------------ */
/* Transposed convolution 1-D (na_conv_transpose1d.c)                                                            */
/* ------------------------------------------------------------------------------------------------------------ */

typedef struct {
    int32_t in_channels, out_channels;
    int32_t kernel, stride;
    int32_t crop_left, crop_right; /* samples removed from each end of the full (L_in - 1) * s + k output */
    int32_t input_offset, output_offset, act_min, act_max;
} na_conv_transpose1d_params;

/* (input_length - 1) * stride + kernel - crop_left - crop_right (0 if that is negative or input_length = 0). */
int32_t na_conv_transpose1d_output_length(const na_conv_transpose1d_params *p, int32_t input_length);

/*
 * Transposed conv1d, groups = 1: input [L_in][in_channels], filter [out][k][in] -> output [L_out][out_channels].
 * Written as a gather (no scratch accumulators): output t sums input i and tap j with i * stride + j =
 * t + crop_left. PyTorch's padding p is crop_left = crop_right = p; a causal decoder crops k - s on the right.
 */
void na_conv_transpose1d_s8(const na_conv_transpose1d_params *p, const int8_t *input, int32_t input_length,
                            const int8_t *filter, const int32_t *bias, const int32_t *multiplier,
                            const int32_t *shift, int8_t *output);

/* ------------------------------------------------------------------------------------------------------------ */
/* Pooling (na_pool.c): input and output share scale and zero point; floor mode, no padding.                     */
/* ------------------------------------------------------------------------------------------------------------ */

typedef struct {
    int32_t channels;
    int32_t kernel, stride; /* stride = kernel for PyTorch's default */
    int32_t act_min, act_max;
} na_pool1d_params;

typedef struct {
    int32_t channels;
    int32_t in_height, in_width;
    int32_t kernel_h, kernel_w;
    int32_t stride_h, stride_w;
    int32_t act_min, act_max;
} na_pool2d_params;

/* (L_in - kernel) / stride + 1, or 0 when L_in < kernel. The 2-D output is the same per axis. */
int32_t na_pool1d_output_length(const na_pool1d_params *p, int32_t input_length);
int32_t na_pool2d_output_height(const na_pool2d_params *p);
int32_t na_pool2d_output_width(const na_pool2d_params *p);

/* [L_in][C] -> [L_out][C]. */
void na_max_pool1d_s8(const na_pool1d_params *p, const int8_t *input, int32_t input_length, int8_t *output);
/* Average rounds like TFLite: (sum + n/2) / n for sum > 0, (sum - n/2) / n otherwise (half away from zero). */
void na_avg_pool1d_s8(const na_pool1d_params *p, const int8_t *input, int32_t input_length, int8_t *output);
/* [H][W][C] -> [H_out][W_out][C]. A global average pool is kernel = stride = (H, W). */
void na_max_pool2d_s8(const na_pool2d_params *p, const int8_t *input, int8_t *output);
void na_avg_pool2d_s8(const na_pool2d_params *p, const int8_t *input, int8_t *output);

/* ------------------------------------------------------------------------------------------------------------ */
/* Elementwise add (na_add.c): TFLite's int8 add.                                                                */
/* ------------------------------------------------------------------------------------------------------------ */

typedef struct {
    int32_t input1_offset, input2_offset; /* -zero points */
    int32_t left_shift;                   /* 20 */
    int32_t input1_multiplier, input1_shift;
    int32_t input2_multiplier, input2_shift;
    int32_t output_multiplier, output_shift;
    int32_t output_offset, act_min, act_max;
} na_add_params;

/* out = clamp(MBQM(MBQM((a + o1) << ls, m1, s1) + MBQM((b + o2) << ls, m2, s2), mo, so) + out_offset).
 * Same shape for both inputs (no broadcasting); output may alias either input. */
void na_add_s8(const na_add_params *p, const int8_t *input1, const int8_t *input2, int8_t *output, int32_t size);

/* ------------------------------------------------------------------------------------------------------------ */
/* Activations (na_activation.c)                                                                                 */
/* ------------------------------------------------------------------------------------------------------------ */

/* Clamp to [act_min, act_max]: ReLU with unchanged quantisation is act_min = zero point, act_max = 127.
 * output may alias input. */
void na_clamp_s8(const int8_t *input, int8_t *output, int32_t size, int32_t act_min, int32_t act_max);

/* Any int8 -> int8 function by a 256-entry table: output[i] = lut[input[i] + 128]. The table (ELU, sigmoid, ...)
 * is built at export time from the input and output quantisation (LookupTables.Elu). output may alias input. */
void na_lut_s8(const int8_t *input, int8_t *output, int32_t size, const int8_t lut[256]);

/* ------------------------------------------------------------------------------------------------------------ */
/* Fully connected (na_linear.c)                                                                                 */
/* ------------------------------------------------------------------------------------------------------------ */

typedef struct {
    int32_t in_features, out_features;
    int32_t input_offset, output_offset, act_min, act_max;
} na_linear_params;

/* rows independent vectors: input [rows][in_features], filter [out][in] -> output [rows][out_features];
 * per-output-channel multiplier/shift; bias may be NULL. */
void na_linear_s8(const na_linear_params *p, const int8_t *input, int32_t rows, const int8_t *filter,
                  const int32_t *bias, const int32_t *multiplier, const int32_t *shift, int8_t *output);

/* ------------------------------------------------------------------------------------------------------------ */
/* Softmax (na_softmax.c)                                                                                        */
/* ------------------------------------------------------------------------------------------------------------ */

typedef struct {
    int32_t classes; /* row length */
} na_softmax_params;

/* Fixed point of exp_lut: entries are exp(-beta * input_scale * d) * 2^30, d = max - x in [0, 255]. */
#define NA_SOFTMAX_LUT_BITS 30

/*
 * Softmax over the last axis: input [rows][classes] int8 -> probabilities int8 with scale 1/256 and zero point
 * -128 (TFLite's output quantisation). Per row: m = max, e_i = exp_lut[m - x_i] (Q30, exact table look-up),
 * S = sum e_i (int64, >= 2^30), q_i = (256 * e_i + S / 2) / S - 128 clamped to 127 (rounding half up).
 * The exp table (LookupTables.SoftmaxExp) folds in input_scale and beta. output may alias input.
 */
void na_softmax_s8(const na_softmax_params *p, const int8_t *input, int32_t rows, const int32_t exp_lut[256],
                   int8_t *output);

/* ------------------------------------------------------------------------------------------------------------ */
/* Residual vector quantiser, nearest-code search (na_rvq.c)                                                     */
/* ------------------------------------------------------------------------------------------------------------ */

typedef struct {
    int32_t stages;        /* number of quantizers */
    int32_t codebook_size; /* K <= 65536 */
    int32_t dim;           /* D <= 4096 (keeps the int32 codeword norms exact) */
    int32_t frac_bits;     /* F in [0, 7]: fractional bits of the residual */
    int32_t input_offset;  /* -embedding zero point */
} na_rvq_params;

/*
 * Integer domains:
 *   - codebook s is int8 [K][D] with its own scale c_s and zero point; codebook_offsets[s] = -zero point, so a
 *     codeword in "codebook units" is w = q + offset, |w| <= 255;
 *   - norms[s][k] = sum_i w_i^2 (int32, <= 255^2 * 256), precomputed;
 *   - the residual r is int16 in units of c_s / 2^F while stage s searches (F fractional bits below one codebook
 *     step). Entering stage 0: r_i = sat16(MBQM(e_i + input_offset, multiplier[0], shift[0])) with real multiplier
 *     embedding_scale * 2^F / c_0. Entering stage s > 0: r_i = sat16(MBQM(r_i, multiplier[s], shift[s])) with real
 *     multiplier c_{s-1} / c_s (per-stage scales follow the residual's shrinking range);
 *   - distance to codeword k: norms[s][k] * 2^F - 2 * sum_i r_i w_i (int64; the dot product is exact in int32
 *     for D <= 4096); ||r||^2 is dropped (constant per frame); the smallest distance wins, ties -> lowest index;
 *   - update: r_i = sat16(r_i - w_i * 2^F).
 * embedding [frames][D] int8 -> codes [frames][stages] uint16. residual_scratch holds D int16 values.
 */
void na_rvq_encode_s8(const na_rvq_params *p, const int8_t *embedding, int32_t frames, const int8_t *codebooks,
                      const int32_t *codebook_offsets, const int32_t *norms, const int32_t *multiplier,
                      const int32_t *shift, int16_t *residual_scratch, uint16_t *codes);

#ifdef __cplusplus
}
#endif

#endif /* NA_KERNELS_H */
