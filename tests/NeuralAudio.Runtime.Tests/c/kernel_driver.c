/*
 * Test driver for the C kernels: reads requests from stdin until EOF and answers each on stdout.
 *
 * Request (little-endian int32 throughout):
 *   kernel id, n_params, params[n_params], n_buffers, then per buffer: element size (1, 2 or 4), count, data.
 *   A buffer with count 0 is passed to the kernel as NULL (e.g. no bias).
 * Response: int32 byte count, then the output bytes.
 * Every buffer is allocated with its exact size so that the sanitizer build catches any out-of-bounds access.
 * Exit status 2 with a message on stderr for a malformed request.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "na_internal.h" /* NA_X86_SIMD and, with -DNA_SIMD_TEST_HOOKS, the vector requantisation hooks */

#define MAX_PARAMS 32
#define MAX_BUFFERS 8

enum {
    K_MBQM = 1, K_SRDHM = 2, K_RDBPOT = 3,
    K_MBQM_VECTOR = 4,       /* the host SIMD requantisation on arrays (scalar where there is none) */
    K_ADD_RESCALE_VECTOR = 51, /* the host SIMD add's input rescale MBQM((x + offset) << ls) (idem) */
    K_CONV1D = 10, K_CONV1D_GENERIC = 11, K_CONV1D_POINTWISE = 12, K_CONV1D_DEPTHWISE = 13, K_CONV1D_PCM = 14,
    K_CONV2D = 20,
    K_CONV_TRANSPOSE1D = 30,
    K_MAX_POOL1D = 40, K_AVG_POOL1D = 41, K_MAX_POOL2D = 42, K_AVG_POOL2D = 43,
    K_ADD = 50,
    K_CLAMP = 60, K_LUT = 61,
    K_LINEAR = 70,
    K_SOFTMAX = 80,
    K_RVQ = 90
};

typedef struct {
    int32_t element_size;
    int32_t count;
    void *data; /* NULL when count is 0 */
} buffer;

static void fail(const char *message)
{
    fprintf(stderr, "kernel_driver: %s\n", message);
    exit(2);
}

static void read_exact(void *dst, size_t n)
{
    if (n > 0 && fread(dst, 1, n, stdin) != n) fail("truncated request");
}

/* Returns 0 at a clean end of input. */
static int read_i32(int32_t *v, int allow_eof)
{
    unsigned char b[4];
    size_t got = fread(b, 1, 4, stdin);
    if (got == 0 && allow_eof && feof(stdin)) return 0;
    if (got != 4) fail("truncated request");
    *v = (int32_t)((uint32_t)b[0] | ((uint32_t)b[1] << 8) | ((uint32_t)b[2] << 16) | ((uint32_t)b[3] << 24));
    return 1;
}

static void write_response(const void *data, int32_t bytes)
{
    const uint32_t n = (uint32_t)bytes;
    unsigned char b[4];
    b[0] = (unsigned char)(n & 0xFF);
    b[1] = (unsigned char)((n >> 8) & 0xFF);
    b[2] = (unsigned char)((n >> 16) & 0xFF);
    b[3] = (unsigned char)((n >> 24) & 0xFF);
    if (fwrite(b, 1, 4, stdout) != 4) fail("write failed");
    if (bytes > 0 && fwrite(data, 1, (size_t)bytes, stdout) != (size_t)bytes) fail("write failed");
}

static void *allocate(size_t bytes)
{
    void *p = malloc(bytes > 0 ? bytes : 1);
    if (p == NULL) fail("out of memory");
    return p;
}

static void need(int32_t n_params, int32_t expected_params, int32_t n_buffers, int32_t expected_buffers)
{
    if (n_params != expected_params) fail("wrong number of parameters");
    if (n_buffers != expected_buffers) fail("wrong number of buffers");
}

static const int8_t *s8(const buffer *b) { return (const int8_t *)b->data; }
static const int16_t *s16(const buffer *b) { return (const int16_t *)b->data; }
static const int32_t *s32(const buffer *b) { return (const int32_t *)b->data; }

static void run(int32_t kernel, const int32_t *pr, int32_t n_params, const buffer *bf, int32_t n_buffers)
{
    void *out = NULL;
    int32_t out_bytes = 0;
    switch (kernel) {
    case K_MBQM:
    case K_MBQM_VECTOR:
    case K_SRDHM:
    case K_RDBPOT: {
        int32_t i, n = bf[0].count;
        int32_t *o;
        need(n_params, 0, n_buffers, kernel == K_MBQM || kernel == K_MBQM_VECTOR ? 3 : 2);
        out_bytes = n * 4;
        o = (int32_t *)allocate((size_t)out_bytes);
        out = o;
#if NA_X86_SIMD && defined(NA_SIMD_TEST_HOOKS)
        /* the vector arithmetic of the host SIMD kernels, where this build has it */
        if (kernel == K_MBQM_VECTOR && na_x86_test_mbqm(s32(&bf[0]), s32(&bf[1]), s32(&bf[2]), n, o)) break;
#endif
        for (i = 0; i < n; ++i) {
            if (kernel == K_MBQM || kernel == K_MBQM_VECTOR)
                o[i] = na_multiply_by_quantized_multiplier(s32(&bf[0])[i], s32(&bf[1])[i], s32(&bf[2])[i]);
            else if (kernel == K_SRDHM) o[i] = na_saturating_rounding_doubling_high_mul(s32(&bf[0])[i], s32(&bf[1])[i]);
            else o[i] = na_rounding_divide_by_pot(s32(&bf[0])[i], s32(&bf[1])[i]);
        }
        break;
    }
    case K_ADD_RESCALE_VECTOR: {
        int32_t i, n = bf[0].count;
        int32_t *o;
        need(n_params, 4, n_buffers, 1);
        out_bytes = n * 4;
        o = (int32_t *)allocate((size_t)out_bytes);
#if NA_X86_SIMD && defined(NA_SIMD_TEST_HOOKS)
        if (!na_x86_test_add_rescale(s8(&bf[0]), n, pr[0], pr[1], pr[2], pr[3], o))
#endif
            for (i = 0; i < n; ++i)
                o[i] = na_multiply_by_quantized_multiplier(((int32_t)s8(&bf[0])[i] + pr[0]) * ((int32_t)1 << pr[3]), pr[1], pr[2]);
        out = o;
        break;
    }
    case K_CONV1D:
    case K_CONV1D_GENERIC:
    case K_CONV1D_POINTWISE:
    case K_CONV1D_DEPTHWISE:
    case K_CONV1D_PCM: {
        na_conv1d_params p;
        int32_t length;
        need(n_params, 11, n_buffers, 5);
        p.in_channels = pr[0]; p.out_channels = pr[1]; p.kernel = pr[2]; p.stride = pr[3]; p.dilation = pr[4];
        p.groups = pr[5]; p.input_offset = pr[6]; p.output_offset = pr[7]; p.act_min = pr[8]; p.act_max = pr[9];
        length = pr[10];
        out_bytes = na_conv1d_output_length(&p, length) * p.out_channels;
        out = allocate((size_t)out_bytes);
        if (kernel == K_CONV1D)
            na_conv1d_s8(&p, s8(&bf[0]), length, s8(&bf[1]), s32(&bf[2]), s32(&bf[3]), s32(&bf[4]), (int8_t *)out);
        else if (kernel == K_CONV1D_GENERIC)
            na_conv1d_s8_generic(&p, s8(&bf[0]), length, s8(&bf[1]), s32(&bf[2]), s32(&bf[3]), s32(&bf[4]), (int8_t *)out);
        else if (kernel == K_CONV1D_POINTWISE)
            na_conv1d_pointwise_s8(&p, s8(&bf[0]), length, s8(&bf[1]), s32(&bf[2]), s32(&bf[3]), s32(&bf[4]), (int8_t *)out);
        else if (kernel == K_CONV1D_DEPTHWISE)
            na_conv1d_depthwise_s8(&p, s8(&bf[0]), length, s8(&bf[1]), s32(&bf[2]), s32(&bf[3]), s32(&bf[4]), (int8_t *)out);
        else /* the input is int16 PCM */
            na_conv1d_pcm_s16(&p, s16(&bf[0]), length, s8(&bf[1]), s32(&bf[2]), s32(&bf[3]), s32(&bf[4]), (int8_t *)out);
        break;
    }
    case K_CONV2D: {
        na_conv2d_params p;
        need(n_params, 19, n_buffers, 5);
        p.in_channels = pr[0]; p.out_channels = pr[1]; p.in_height = pr[2]; p.in_width = pr[3];
        p.out_height = pr[4]; p.out_width = pr[5]; p.kernel_h = pr[6]; p.kernel_w = pr[7];
        p.stride_h = pr[8]; p.stride_w = pr[9]; p.dilation_h = pr[10]; p.dilation_w = pr[11];
        p.pad_top = pr[12]; p.pad_left = pr[13]; p.groups = pr[14];
        p.input_offset = pr[15]; p.output_offset = pr[16]; p.act_min = pr[17]; p.act_max = pr[18];
        out_bytes = p.out_height * p.out_width * p.out_channels;
        out = allocate((size_t)out_bytes);
        na_conv2d_s8(&p, s8(&bf[0]), s8(&bf[1]), s32(&bf[2]), s32(&bf[3]), s32(&bf[4]), (int8_t *)out);
        break;
    }
    case K_CONV_TRANSPOSE1D: {
        na_conv_transpose1d_params p;
        int32_t length;
        need(n_params, 11, n_buffers, 5);
        p.in_channels = pr[0]; p.out_channels = pr[1]; p.kernel = pr[2]; p.stride = pr[3];
        p.crop_left = pr[4]; p.crop_right = pr[5];
        p.input_offset = pr[6]; p.output_offset = pr[7]; p.act_min = pr[8]; p.act_max = pr[9];
        length = pr[10];
        out_bytes = na_conv_transpose1d_output_length(&p, length) * p.out_channels;
        out = allocate((size_t)out_bytes);
        na_conv_transpose1d_s8(&p, s8(&bf[0]), length, s8(&bf[1]), s32(&bf[2]), s32(&bf[3]), s32(&bf[4]),
                               (int8_t *)out);
        break;
    }
    case K_MAX_POOL1D:
    case K_AVG_POOL1D: {
        na_pool1d_params p;
        int32_t length;
        need(n_params, 6, n_buffers, 1);
        p.channels = pr[0]; p.kernel = pr[1]; p.stride = pr[2]; p.act_min = pr[3]; p.act_max = pr[4];
        length = pr[5];
        out_bytes = na_pool1d_output_length(&p, length) * p.channels;
        out = allocate((size_t)out_bytes);
        if (kernel == K_MAX_POOL1D) na_max_pool1d_s8(&p, s8(&bf[0]), length, (int8_t *)out);
        else na_avg_pool1d_s8(&p, s8(&bf[0]), length, (int8_t *)out);
        break;
    }
    case K_MAX_POOL2D:
    case K_AVG_POOL2D: {
        na_pool2d_params p;
        need(n_params, 9, n_buffers, 1);
        p.channels = pr[0]; p.in_height = pr[1]; p.in_width = pr[2]; p.kernel_h = pr[3]; p.kernel_w = pr[4];
        p.stride_h = pr[5]; p.stride_w = pr[6]; p.act_min = pr[7]; p.act_max = pr[8];
        out_bytes = na_pool2d_output_height(&p) * na_pool2d_output_width(&p) * p.channels;
        out = allocate((size_t)out_bytes);
        if (kernel == K_MAX_POOL2D) na_max_pool2d_s8(&p, s8(&bf[0]), (int8_t *)out);
        else na_avg_pool2d_s8(&p, s8(&bf[0]), (int8_t *)out);
        break;
    }
    case K_ADD: {
        na_add_params p;
        need(n_params, 12, n_buffers, 2);
        p.input1_offset = pr[0]; p.input2_offset = pr[1]; p.left_shift = pr[2];
        p.input1_multiplier = pr[3]; p.input1_shift = pr[4]; p.input2_multiplier = pr[5]; p.input2_shift = pr[6];
        p.output_multiplier = pr[7]; p.output_shift = pr[8]; p.output_offset = pr[9];
        p.act_min = pr[10]; p.act_max = pr[11];
        if (bf[0].count != bf[1].count) fail("add inputs differ in length");
        out_bytes = bf[0].count;
        out = allocate((size_t)out_bytes);
        na_add_s8(&p, s8(&bf[0]), s8(&bf[1]), (int8_t *)out, bf[0].count);
        break;
    }
    case K_CLAMP:
        need(n_params, 2, n_buffers, 1);
        out_bytes = bf[0].count;
        out = allocate((size_t)out_bytes);
        na_clamp_s8(s8(&bf[0]), (int8_t *)out, bf[0].count, pr[0], pr[1]);
        break;
    case K_LUT:
        need(n_params, 0, n_buffers, 2);
        if (bf[1].count != 256) fail("a lookup table has 256 entries");
        out_bytes = bf[0].count;
        out = allocate((size_t)out_bytes);
        na_lut_s8(s8(&bf[0]), (int8_t *)out, bf[0].count, s8(&bf[1]));
        break;
    case K_LINEAR: {
        na_linear_params p;
        int32_t rows;
        need(n_params, 7, n_buffers, 5);
        p.in_features = pr[0]; p.out_features = pr[1]; p.input_offset = pr[2]; p.output_offset = pr[3];
        p.act_min = pr[4]; p.act_max = pr[5];
        rows = pr[6];
        out_bytes = rows * p.out_features;
        out = allocate((size_t)out_bytes);
        na_linear_s8(&p, s8(&bf[0]), rows, s8(&bf[1]), s32(&bf[2]), s32(&bf[3]), s32(&bf[4]), (int8_t *)out);
        break;
    }
    case K_SOFTMAX: {
        na_softmax_params p;
        int32_t rows;
        need(n_params, 2, n_buffers, 2);
        if (bf[1].count != 256) fail("the exp table has 256 entries");
        p.classes = pr[0];
        rows = pr[1];
        out_bytes = rows * p.classes;
        out = allocate((size_t)out_bytes);
        na_softmax_s8(&p, s8(&bf[0]), rows, s32(&bf[1]), (int8_t *)out);
        break;
    }
    case K_RVQ: {
        na_rvq_params p;
        int32_t frames;
        int16_t *scratch;
        need(n_params, 6, n_buffers, 6);
        p.stages = pr[0]; p.codebook_size = pr[1]; p.dim = pr[2]; p.frac_bits = pr[3]; p.input_offset = pr[4];
        frames = pr[5];
        out_bytes = frames * p.stages * 2;
        out = allocate((size_t)out_bytes);
        scratch = (int16_t *)allocate((size_t)p.dim * sizeof(int16_t));
        na_rvq_encode_s8(&p, s8(&bf[0]), frames, s8(&bf[1]), s32(&bf[2]), s32(&bf[3]), s32(&bf[4]), s32(&bf[5]),
                         scratch, (uint16_t *)out);
        free(scratch);
        break;
    }
    default:
        fail("unknown kernel id");
    }
    write_response(out, out_bytes);
    free(out);
}

int main(void)
{
    int32_t kernel;
    while (read_i32(&kernel, 1)) {
        int32_t params[MAX_PARAMS];
        buffer buffers[MAX_BUFFERS];
        int32_t n_params, n_buffers, i;
        read_i32(&n_params, 0);
        if (n_params < 0 || n_params > MAX_PARAMS) fail("too many parameters");
        for (i = 0; i < n_params; ++i) read_i32(&params[i], 0);
        read_i32(&n_buffers, 0);
        if (n_buffers < 0 || n_buffers > MAX_BUFFERS) fail("too many buffers");
        for (i = 0; i < n_buffers; ++i) {
            read_i32(&buffers[i].element_size, 0);
            read_i32(&buffers[i].count, 0);
            if (buffers[i].count < 0 || (buffers[i].element_size != 1 && buffers[i].element_size != 2 &&
                                         buffers[i].element_size != 4))
                fail("bad buffer header");
            buffers[i].data = NULL;
            if (buffers[i].count > 0) {
                const size_t bytes = (size_t)buffers[i].count * (size_t)buffers[i].element_size;
                buffers[i].data = allocate(bytes);
                read_exact(buffers[i].data, bytes);
            }
        }
        run(kernel, params, n_params, buffers, n_buffers);
        for (i = 0; i < n_buffers; ++i) free(buffers[i].data);
        fflush(stdout);
    }
    return 0;
}
