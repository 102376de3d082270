/*
 * Test driver for one generated model: int16 PCM on stdin, the model's output on stdout (binary, host order).
 * Encoders: argv[1] = frames per push (default 1); writes frames x quantizers uint16 codes. Classifiers: one
 * window after another; writes classes int8 scores per window. model_api.h (written by the test) maps the
 * MODEL_* names onto the generated symbols.
 */
#include <stdio.h>
#include <stdlib.h>
#include "model_api.h"

static int16_t *read_all(long *count)
{
    size_t capacity = 1 << 16, used = 0, got;
    int16_t *data = (int16_t *)malloc(capacity * sizeof(int16_t));
    if (data == NULL) exit(10);
    while ((got = fread(data + used, sizeof(int16_t), capacity - used, stdin)) > 0) {
        used += got;
        if (used == capacity) {
            capacity *= 2;
            data = (int16_t *)realloc(data, capacity * sizeof(int16_t));
            if (data == NULL) exit(10);
        }
    }
    *count = (long)used;
    return data;
}

int main(int argc, char **argv)
{
    long samples;
    int16_t *pcm = read_all(&samples);
#if MODEL_IS_ENCODER
    long frames = samples / MODEL_HOP, chunk = argc > 1 ? atol(argv[1]) : 1, f;
    uint16_t *codes = (uint16_t *)malloc((size_t)(frames > 0 ? frames : 1) * MODEL_QUANTIZERS * sizeof(uint16_t));
    model_state state;
    if (codes == NULL || chunk < 1 || samples % MODEL_HOP != 0) return 11;
    model_init(&state);
    if (MODEL_HOP > 1 && model_push(&state, pcm, MODEL_HOP - 1, codes) != -1) return 12; /* not a multiple of the hop */
    for (f = 0; f < frames; f += chunk) {
        long n = frames - f < chunk ? frames - f : chunk;
        if (model_push(&state, pcm + f * MODEL_HOP, (int32_t)(n * MODEL_HOP), codes + f * MODEL_QUANTIZERS) != n) return 13;
    }
    fwrite(codes, sizeof(uint16_t), (size_t)frames * MODEL_QUANTIZERS, stdout);
    free(codes);
#else
    long windows = samples / MODEL_INPUT_SAMPLES, w;
    int8_t scores[MODEL_CLASSES];
    (void)argc;
    (void)argv;
    for (w = 0; w < windows; ++w) {
        model_run(pcm + w * MODEL_INPUT_SAMPLES, scores);
        fwrite(scores, 1, MODEL_CLASSES, stdout);
    }
#endif
    free(pcm);
    return 0;
}
