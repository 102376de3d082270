/*
 * Host check of the esp-nn backend's glue (src/Runtime/c/backends/na_espnn_backend.c) against the portable kernels:
 * every wrapper, linked with the reference semantics of esp-nn's API (targets/esp32s3/tools/esp_nn_api), must give
 * the portable kernel's output byte for byte, and must have taken the esp-nn path where it should. Prints one line
 * per case and "ok N" at the end; exit 1 on the first mismatch.
 */
#include <stdio.h>
#include <string.h>
#define NA_USE_ESP_NN 1
#include "na_espnn_dispatch.h"
#include "na_espnn_backend.h"
/* The driver calls both: the wrappers by their own names, the portable kernels by theirs. */
#undef na_conv1d_s8
#undef na_conv2d_s8
#undef na_linear_s8
#undef na_max_pool1d_s8
#undef na_avg_pool1d_s8
#undef na_max_pool2d_s8
#undef na_avg_pool2d_s8
#undef na_add_s8

static uint32_t seed = 12345u;
static int32_t rnd(int32_t lo, int32_t hi) /* inclusive */
{
    seed = seed * 1664525u + 1013904223u;
    return lo + (int32_t)((seed >> 8) % (uint32_t)(hi - lo + 1));
}

static int8_t input[40000], filter[20000], out_ref[40000], out_esp[40000];
static int32_t bias[256], mult[256], shift[256];
static int8_t scratch[65536] __attribute__((aligned(16)));
static int cases;

static void fill(void)
{
    int32_t i;
    for (i = 0; i < (int32_t)sizeof input; ++i) input[i] = (int8_t)rnd(-128, 127);
    for (i = 0; i < (int32_t)sizeof filter; ++i) filter[i] = (int8_t)rnd(-127, 127);
    for (i = 0; i < 256; ++i) {
        bias[i] = rnd(-2000, 2000);
        mult[i] = rnd(1 << 30, 0x7FFFFFFF);
        shift[i] = rnd(-9, -6);
    }
}

static int compare(const char *name, int32_t n, uint32_t espnn_before, int expect_espnn)
{
    const na_espnn_counters c = na_espnn_get_counters();
    const int took_espnn = c.espnn_calls > espnn_before;
    int32_t i;
    ++cases;
    for (i = 0; i < n; ++i)
        if (out_ref[i] != out_esp[i]) {
            printf("MISMATCH %s at %ld: portable %d, esp-nn backend %d\n", name, (long)i, out_ref[i], out_esp[i]);
            return 1;
        }
    if (took_espnn != expect_espnn) {
        printf("PATH %s: esp-nn %s, expected %s\n", name, took_espnn ? "taken" : "not taken", expect_espnn ? "taken" : "not taken");
        return 1;
    }
    printf("%s: %ld outputs equal (%s)\n", name, (long)n, took_espnn ? "esp-nn" : "portable");
    return 0;
}

static int conv1d(const char *name, int32_t cin, int32_t cout, int32_t k, int32_t s, int32_t d, int32_t g, int32_t len,
                  int expect_espnn)
{
    na_conv1d_params p;
    int32_t out_len;
    uint32_t before;
    p.in_channels = cin; p.out_channels = cout; p.kernel = k; p.stride = s; p.dilation = d; p.groups = g;
    p.input_offset = rnd(-20, 20); p.output_offset = rnd(-10, 10); p.act_min = rnd(-128, -100); p.act_max = rnd(100, 127);
    fill();
    out_len = na_conv1d_output_length(&p, len);
    memset(out_esp, 0x33, sizeof out_esp);
    na_conv1d_s8(&p, input, len, filter, bias, mult, shift, out_ref);
    before = na_espnn_get_counters().espnn_calls;
    na_espnn_conv1d_s8(&p, input, len, filter, bias, mult, shift, out_esp);
    return compare(name, out_len * cout, before, expect_espnn);
}

static int conv2d(const char *name, int32_t cin, int32_t cout, int32_t h, int32_t w, int32_t kh, int32_t kw, int32_t pad,
                  int32_t g)
{
    na_conv2d_params p;
    uint32_t before;
    p.in_channels = cin; p.out_channels = cout; p.in_height = h; p.in_width = w; p.kernel_h = kh; p.kernel_w = kw;
    p.stride_h = 1; p.stride_w = 1; p.dilation_h = 1; p.dilation_w = 1; p.pad_top = pad; p.pad_left = pad; p.groups = g;
    p.out_height = h + 2 * pad - kh + 1; p.out_width = w + 2 * pad - kw + 1;
    p.input_offset = rnd(-20, 20); p.output_offset = rnd(-10, 10); p.act_min = -128; p.act_max = 127;
    fill();
    na_conv2d_s8(&p, input, filter, bias, mult, shift, out_ref);
    before = na_espnn_get_counters().espnn_calls;
    na_espnn_conv2d_s8(&p, input, filter, bias, mult, shift, out_esp);
    return compare(name, p.out_height * p.out_width * cout, before, 1);
}

int main(void)
{
    na_linear_params lp;
    na_pool1d_params p1;
    na_pool2d_params p2;
    na_add_params ap;
    uint32_t before;
    int32_t n;
    na_espnn_set_scratch(scratch, (int32_t)sizeof scratch);
    if (conv1d("conv1d dense k3", 16, 24, 3, 1, 1, 1, 70, 1)) return 1;
    if (conv1d("conv1d pointwise", 32, 64, 1, 1, 1, 1, 64, 1)) return 1;
    if (conv1d("conv1d dense strided k8 s4", 8, 16, 8, 4, 1, 1, 260, 1)) return 1;
    if (conv1d("conv1d depthwise k7", 16, 16, 7, 1, 1, 16, 262, 1)) return 1;
    if (conv1d("conv1d depthwise k8 s4", 4, 4, 8, 4, 1, 4, 260, 1)) return 1;
    if (conv1d("conv1d depthwise x2 multiplier", 8, 16, 3, 1, 1, 8, 50, 1)) return 1;
    if (conv1d("conv1d depthwise dilated d3", 4, 4, 7, 1, 3, 4, 274, 1)) return 1;
    if (conv1d("conv1d depthwise dilated d9", 32, 32, 7, 1, 9, 32, 118, 1)) return 1;
    if (conv1d("conv1d dense dilated d2", 8, 8, 3, 1, 2, 1, 40, 1)) return 1;
    if (conv1d("conv1d dilated strided (portable)", 8, 8, 3, 2, 2, 1, 41, 0)) return 1;
    if (conv1d("conv1d grouped (portable)", 8, 8, 3, 1, 1, 2, 30, 0)) return 1;
    if (conv2d("conv2d dense 3x3 pad 1", 8, 16, 12, 10, 3, 3, 1, 1)) return 1;
    if (conv2d("conv2d dense 1x9 valid", 1, 8, 1, 60, 1, 9, 0, 1)) return 1;
    if (conv2d("conv2d depthwise 3x3 pad 1", 8, 8, 9, 7, 3, 3, 1, 8)) return 1;

    na_espnn_set_scratch(scratch, 64); /* too small for any conv: everything must fall back */
    if (conv1d("conv1d k3 without scratch (portable)", 16, 24, 3, 1, 1, 1, 70, 0)) return 1;
    if (conv1d("conv1d dilated without scratch (portable)", 4, 4, 7, 1, 3, 4, 274, 0)) return 1;
    na_espnn_set_scratch(scratch, (int32_t)sizeof scratch);

    fill();
    lp.in_features = 100; lp.out_features = 50; lp.input_offset = 7; lp.output_offset = -3; lp.act_min = -128; lp.act_max = 127;
    na_linear_s8(&lp, input, 3, filter, bias, mult, shift, out_ref);
    before = na_espnn_get_counters().espnn_calls;
    na_espnn_linear_s8(&lp, input, 3, filter, bias, mult, shift, out_esp);
    if (compare("linear 3 rows 100 -> 50", 150, before, 1)) return 1;

    p1.channels = 12; p1.kernel = 3; p1.stride = 3; p1.act_min = -128; p1.act_max = 127;
    n = na_pool1d_output_length(&p1, 100) * 12;
    na_max_pool1d_s8(&p1, input, 100, out_ref);
    before = na_espnn_get_counters().espnn_calls;
    na_espnn_max_pool1d_s8(&p1, input, 100, out_esp);
    if (compare("max pool1d", n, before, 1)) return 1;
    na_avg_pool1d_s8(&p1, input, 100, out_ref);
    before = na_espnn_get_counters().espnn_calls;
    na_espnn_avg_pool1d_s8(&p1, input, 100, out_esp);
    if (compare("avg pool1d", n, before, 1)) return 1;

    p2.channels = 8; p2.in_height = 9; p2.in_width = 20; p2.kernel_h = 3; p2.kernel_w = 2; p2.stride_h = 3; p2.stride_w = 2;
    p2.act_min = -100; p2.act_max = 120;
    n = na_pool2d_output_height(&p2) * na_pool2d_output_width(&p2) * 8;
    na_max_pool2d_s8(&p2, input, out_ref);
    before = na_espnn_get_counters().espnn_calls;
    na_espnn_max_pool2d_s8(&p2, input, out_esp);
    if (compare("max pool2d", n, before, 1)) return 1;
    na_avg_pool2d_s8(&p2, input, out_ref);
    before = na_espnn_get_counters().espnn_calls;
    na_espnn_avg_pool2d_s8(&p2, input, out_esp);
    if (compare("avg pool2d", n, before, 1)) return 1;

    ap.input1_offset = 5; ap.input2_offset = -9; ap.left_shift = 20;
    ap.input1_multiplier = 1500000000; ap.input1_shift = -1; ap.input2_multiplier = 1300000000; ap.input2_shift = -2;
    ap.output_multiplier = 1900000000; ap.output_shift = -19; ap.output_offset = 4; ap.act_min = -128; ap.act_max = 127;
    na_add_s8(&ap, input, input + 1000, out_ref, 777);
    before = na_espnn_get_counters().espnn_calls;
    na_espnn_add_s8(&ap, input, input + 1000, out_esp, 777);
    if (compare("add", 777, before, 1)) return 1;

    printf("ok %d\n", cases);
    return 0;
}
