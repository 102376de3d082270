/*
 * na_bench: times a NeuralAudio int8 graph (the generated C) on raw PCM and prints one line of JSON. It is the C
 * engine of `neuralaudio bench`, which writes the PCM, builds this with -O3 and compares the codes it prints with
 * the C# int8 class's.
 *
 *   na_bench --model tinystream/tiny --pcm clip.s16 [--repeats N]
 *
 * --pcm: raw signed 16-bit little-endian mono samples. Encoders: the whole clip is timed as one push of every frame
 * per repeat (best pass; the generated push runs them hop by hop), then each repeat streams the clip one hop per
 * call, every call timed (per-hop latency), and the streamed codes must equal the whole clip's (exit 3 otherwise).
 * Classifiers: the first window (zero-padded) is run once per repeat. Times are nanoseconds of this thread's CPU
 * time (CLOCK_THREAD_CPUTIME_ID); peak_rss_kib is the process's peak RSS (code, static weights, arena and state
 * included); simd is na_host_simd(), the kernels this build runs. Exit codes: 0, 1 usage, 2 input, 3 internal.
 */
#define _POSIX_C_SOURCE 200112L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "na_kernels.h"
#include "na_models.h"

/* CPU time of this thread: on a shared machine, wall-clock time would also count other processes' time slices. */
static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + (int64_t)ts.tv_nsec;
}

static int compare_i64(const void *a, const void *b)
{
    const int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y ? 1 : 0;
}

/* FNV-1a over the outputs, so the caller can check that C and C# computed the same codes or scores. */
static uint64_t fnv1a(const unsigned char *p, size_t n, uint64_t h)
{
    size_t i;
    for (i = 0; i < n; ++i) {
        h ^= p[i];
        h *= 1099511628211ull;
    }
    return h;
}

static int16_t *read_pcm(const char *path, long *count)
{
    FILE *f = fopen(path, "rb");
    long bytes, i;
    unsigned char *raw;
    int16_t *samples;
    if (f == NULL) return NULL;
    if (fseek(f, 0, SEEK_END) != 0 || (bytes = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return NULL;
    }
    raw = (unsigned char *)malloc((size_t)bytes + 1);
    samples = (int16_t *)malloc(((size_t)bytes / 2 + 1) * sizeof(int16_t));
    if (raw == NULL || samples == NULL || fread(raw, 1, (size_t)bytes, f) != (size_t)bytes) {
        free(raw);
        free(samples);
        fclose(f);
        return NULL;
    }
    fclose(f);
    *count = bytes / 2;
    for (i = 0; i < *count; ++i) {
        const unsigned v = (unsigned)raw[2 * i] | ((unsigned)raw[2 * i + 1] << 8);
        samples[i] = (int16_t)(v >= 32768u ? (long)v - 65536L : (long)v);
    }
    free(raw);
    return samples;
}

/* Peak RSS of this process: VmHWM from /proc/self/status (reset by exec, unlike ru_maxrss, which Linux keeps
 * across execve and so would report the parent's peak); ru_maxrss where there is no /proc. */
static long peak_rss_kib(void)
{
    struct rusage usage;
    char line[256];
    long kib = -1;
    FILE *f = fopen("/proc/self/status", "r");
    if (f != NULL) {
        while (fgets(line, sizeof line, f) != NULL) {
            if (strncmp(line, "VmHWM:", 6) == 0) {
                kib = strtol(line + 6, NULL, 10);
                break;
            }
        }
        fclose(f);
    }
    if (kib >= 0) return kib;
    return getrusage(RUSAGE_SELF, &usage) == 0 ? usage.ru_maxrss : -1;
}

static int bench_encoder(const na_model *m, const int16_t *pcm, long count, int repeats)
{
    const long frames = count / m->hop_samples;
    const size_t code_bytes = (size_t)(frames > 0 ? frames : 1) * (size_t)m->quantizers * sizeof(uint16_t);
    uint16_t *codes = (uint16_t *)malloc(code_bytes);
    uint16_t *streamed = (uint16_t *)malloc(code_bytes);
    int64_t *hops = (int64_t *)malloc((size_t)(frames > 0 ? frames : 1) * (size_t)repeats * sizeof(int64_t));
    int64_t best_pass = -1, sum_hops = 0;
    long f, n = 0;
    int r, stream_equal;
    uint64_t hash = 1469598103934665603ull;
    if (codes == NULL || streamed == NULL || hops == NULL || frames < 1) {
        fprintf(stderr, "error: %s needs at least one hop (%ld samples) of PCM\n", m->name, (long)m->hop_samples);
        free(codes);
        free(streamed);
        free(hops);
        return frames < 1 ? 2 : 3;
    }
    /* Whole clip: one push of every frame per repeat (the generated push runs them hop by hop); the best pass. */
    for (r = 0; r < repeats; ++r) {
        int64_t start, pass;
        m->reset();
        start = now_ns();
        m->push(pcm, (int32_t)(frames * m->hop_samples), codes);
        pass = now_ns() - start;
        if (best_pass < 0 || pass < best_pass) best_pass = pass;
    }
    /* Streaming: one hop per push, every call timed; the codes must be the whole clip's. */
    for (r = 0; r < repeats; ++r) {
        m->reset();
        for (f = 0; f < frames; ++f) {
            const int64_t t0 = now_ns();
            m->push(pcm + f * m->hop_samples, m->hop_samples, streamed + f * m->quantizers);
            hops[n++] = now_ns() - t0;
        }
    }
    stream_equal = memcmp(codes, streamed, (size_t)frames * (size_t)m->quantizers * sizeof(uint16_t)) == 0;
    for (f = 0; f < n; ++f) sum_hops += hops[f];
    qsort(hops, (size_t)n, sizeof(int64_t), compare_i64);
    hash = fnv1a((const unsigned char *)codes, (size_t)frames * (size_t)m->quantizers * sizeof(uint16_t), hash);
    printf("{\"model\":\"%s\",\"kind\":\"encoder\",\"frames\":%ld,\"repeats\":%d,\"best_pass_ns\":%lld,"
           "\"hop_median_ns\":%lld,\"hop_p95_ns\":%lld,\"hop_mean_ns\":%lld,\"arena_bytes\":%ld,\"state_bytes\":%ld,"
           "\"weight_bytes\":%ld,\"peak_rss_kib\":%ld,\"simd\":\"%s\",\"stream_equals_whole\":%s,"
           "\"codes_fnv1a\":\"%016llx\",\"first_codes\":[",
           m->name, frames, repeats, (long long)best_pass, (long long)hops[n / 2], (long long)hops[(n * 95) / 100],
           (long long)(sum_hops / n), (long)m->arena_bytes, (long)m->state_bytes, (long)m->weight_bytes,
           peak_rss_kib(), na_host_simd(), stream_equal ? "true" : "false", (unsigned long long)hash);
    for (f = 0; f < m->quantizers; ++f) printf("%s%u", f ? "," : "", (unsigned)codes[f]);
    printf("]}\n");
    free(codes);
    free(streamed);
    free(hops);
    return stream_equal ? 0 : 3;
}

static int bench_classifier(const na_model *m, const int16_t *pcm, long count, int repeats)
{
    int16_t *window = (int16_t *)calloc((size_t)m->input_samples, sizeof(int16_t));
    int8_t *scores = (int8_t *)malloc((size_t)m->classes);
    int64_t *runs = (int64_t *)malloc((size_t)repeats * sizeof(int64_t));
    int r;
    uint64_t hash = 1469598103934665603ull;
    if (window == NULL || scores == NULL || runs == NULL) {
        free(window);
        free(scores);
        free(runs);
        return 3;
    }
    memcpy(window, pcm, (size_t)(count < m->input_samples ? count : m->input_samples) * sizeof(int16_t));
    for (r = 0; r < repeats; ++r) {
        const int64_t t0 = now_ns();
        m->run(window, scores);
        runs[r] = now_ns() - t0;
    }
    qsort(runs, (size_t)repeats, sizeof(int64_t), compare_i64);
    hash = fnv1a((const unsigned char *)scores, (size_t)m->classes, hash);
    printf("{\"model\":\"%s\",\"kind\":\"classifier\",\"repeats\":%d,\"best_run_ns\":%lld,\"median_run_ns\":%lld,"
           "\"arena_bytes\":%ld,\"state_bytes\":%ld,\"weight_bytes\":%ld,\"peak_rss_kib\":%ld,\"simd\":\"%s\","
           "\"scores_fnv1a\":\"%016llx\"}\n",
           m->name, repeats, (long long)runs[0], (long long)runs[repeats / 2], (long)m->arena_bytes,
           (long)m->state_bytes, (long)m->weight_bytes, peak_rss_kib(), na_host_simd(), (unsigned long long)hash);
    free(window);
    free(scores);
    free(runs);
    return 0;
}

int main(int argc, char **argv)
{
    const char *model = NULL, *path = NULL;
    int repeats = 3, i, rc;
    long count = 0;
    int16_t *pcm;
    const na_model *m;
    for (i = 1; i < argc; ++i) {
        if (strcmp(argv[i], "--model") == 0 && i + 1 < argc) model = argv[++i];
        else if (strcmp(argv[i], "--pcm") == 0 && i + 1 < argc) path = argv[++i];
        else if (strcmp(argv[i], "--repeats") == 0 && i + 1 < argc) repeats = atoi(argv[++i]);
        else {
            fprintf(stderr, "usage: na_bench --model MODEL --pcm FILE.s16 [--repeats N]\n");
            return 1;
        }
    }
    if (model == NULL || path == NULL || repeats < 1) {
        fprintf(stderr, "usage: na_bench --model MODEL --pcm FILE.s16 [--repeats N]\n");
        return 1;
    }
    m = na_model_find(model);
    if (m == NULL || !m->linked) {
        fprintf(stderr, "error: model '%s' is %s in this build\n", model, m == NULL ? "unknown" : "not linked");
        return 1;
    }
    pcm = read_pcm(path, &count);
    if (pcm == NULL) {
        fprintf(stderr, "error: %s: cannot read the PCM file\n", path);
        return 2;
    }
    rc = m->kind == NA_MODEL_ENCODER ? bench_encoder(m, pcm, count, repeats) : bench_classifier(m, pcm, count, repeats);
    free(pcm);
    return rc;
}
