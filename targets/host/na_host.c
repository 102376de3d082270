/*
 * na_host: runs a NeuralAudio int8 graph (the generated C, bit-exact with the C# DeployGraphRunner) on a WAV file
 * and prints the result as one line of JSON.
 *
 *   na_host --list
 *   na_host --model tinystream/tiny input.wav   -> {"model":"tinystream/tiny","frames":N,"quantizers":Q,"codes":[[...],...]}
 *   na_host --model micro-acdnet/esc50 in.wav   -> {"model":"micro-acdnet/esc50","scores":[...],"label":k}
 *
 * Input: RIFF/WAVE, 16-bit PCM, mono, at the model's sample rate. Encoders get the clip pushed one hop at a time
 * (a trailing partial frame is dropped, with a note on stderr); classifiers get the first INPUT_SAMPLES samples,
 * zero-padded when the clip is shorter. Exit codes: 0 success, 1 usage (bad option, unknown or unlinked model),
 * 2 the input file was rejected (unreadable, not 16-bit PCM mono WAV, truncated, wrong sample rate), 3 internal.
 *
 * The models and their static states come from the generated registry (generated/na_models.c). This file is
 * C99 and uses malloc only for the clip and the output buffers.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "na_models.h"

#define EXIT_USAGE 1
#define EXIT_INPUT 2
#define EXIT_INTERNAL 3

static const char *program = "na_host";

static void usage(FILE *out)
{
    fprintf(out,
            "usage: %s --model MODEL FILE.wav   run a graph on a 16-bit PCM mono WAV and print JSON\n"
            "       %s --list                   list the graphs of this build\n"
            "MODEL is model/variant (e.g. tinystream/tiny) or its C symbol (tinystream_tiny).\n",
            program, program);
}

/* ---- WAV -------------------------------------------------------------------------------------------------- */

typedef struct {
    long sample_rate;
    int16_t *samples; /* malloc'd; NULL when there are none */
    long count;
} wav_clip;

static unsigned long le16(const unsigned char *p) { return (unsigned long)p[0] | ((unsigned long)p[1] << 8); }

static unsigned long le32(const unsigned char *p)
{
    return (unsigned long)p[0] | ((unsigned long)p[1] << 8) | ((unsigned long)p[2] << 16) | ((unsigned long)p[3] << 24);
}

/* A printable four-character chunk id for messages. */
static void chunk_name(const unsigned char *id, char out[5])
{
    int i;
    for (i = 0; i < 4; ++i) out[i] = (id[i] >= 32 && id[i] < 127) ? (char)id[i] : '?';
    out[4] = '\0';
}

/* Reads the whole file; on failure prints one message naming the file and returns NULL. */
static unsigned char *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    unsigned char *data = NULL;
    size_t capacity = 0, used = 0;
    if (f == NULL) {
        fprintf(stderr, "error: %s: cannot open: %s\n", path, strerror(errno));
        return NULL;
    }
    for (;;) {
        size_t got;
        if (used == capacity) {
            size_t grown = capacity == 0 ? 65536 : capacity * 2;
            unsigned char *bigger = (unsigned char *)realloc(data, grown);
            if (bigger == NULL) {
                fprintf(stderr, "error: %s: out of memory reading the file\n", path);
                free(data);
                fclose(f);
                return NULL;
            }
            data = bigger;
            capacity = grown;
        }
        got = fread(data + used, 1, capacity - used, f);
        used += got;
        if (got == 0) break;
    }
    if (ferror(f)) {
        fprintf(stderr, "error: %s: read error\n", path);
        free(data);
        fclose(f);
        return NULL;
    }
    fclose(f);
    *size = used;
    return data;
}

/*
 * Walks the RIFF chunks of a WAVE file: requires a 'fmt ' chunk describing 16-bit PCM mono (WAVE_FORMAT_PCM, or
 * WAVE_FORMAT_EXTENSIBLE with the PCM subformat) and a 'data' chunk, skips every other chunk and the pad byte after
 * an odd-sized chunk, and rejects any chunk that claims more bytes than the file holds. Returns 0, or prints one
 * message naming the file and returns EXIT_INPUT.
 */
static int parse_wav(const char *path, const unsigned char *b, size_t size, wav_clip *clip)
{
    size_t pos = 12;
    int have_fmt = 0, have_data = 0;
    unsigned long channels = 0, bits = 0, block_align = 0, rate = 0;
    const unsigned char *data = NULL;
    unsigned long data_bytes = 0;
    long i;

    if (size < 12 || memcmp(b, "RIFF", 4) != 0 || memcmp(b + 8, "WAVE", 4) != 0) {
        fprintf(stderr, "error: %s: not a WAV file (no RIFF/WAVE header)\n", path);
        return EXIT_INPUT;
    }
    while (!(have_fmt && have_data)) {
        unsigned long chunk;
        char name[5];
        if (pos >= size) break;
        if (size - pos < 8) {
            fprintf(stderr, "error: %s: truncated: a chunk header at byte %lu is cut off (%lu of 8 bytes)\n", path,
                    (unsigned long)pos, (unsigned long)(size - pos));
            return EXIT_INPUT;
        }
        chunk = le32(b + pos + 4);
        chunk_name(b + pos, name);
        if (chunk > size - pos - 8) {
            fprintf(stderr, "error: %s: truncated: the '%s' chunk declares %lu bytes but only %lu follow\n", path, name,
                    chunk, (unsigned long)(size - pos - 8));
            return EXIT_INPUT;
        }
        if (memcmp(b + pos, "fmt ", 4) == 0 && !have_fmt) {
            const unsigned char *f = b + pos + 8;
            unsigned long format;
            if (chunk < 16) {
                fprintf(stderr, "error: %s: the 'fmt ' chunk is %lu bytes, at least 16 expected\n", path, chunk);
                return EXIT_INPUT;
            }
            format = le16(f);
            channels = le16(f + 2);
            rate = le32(f + 4);
            block_align = le16(f + 12);
            bits = le16(f + 14);
            if (format == 0xFFFEul && chunk >= 40) format = le16(f + 24); /* WAVE_FORMAT_EXTENSIBLE: the subformat GUID */
            if (format != 1) {
                fprintf(stderr, "error: %s: audio format %lu is not PCM; na_host reads 16-bit PCM mono WAV\n", path, format);
                return EXIT_INPUT;
            }
            if (channels != 1) {
                fprintf(stderr, "error: %s: %lu channels; na_host reads mono WAV (downmix first)\n", path, channels);
                return EXIT_INPUT;
            }
            if (bits != 16 || block_align != 2) {
                fprintf(stderr, "error: %s: %lu-bit samples (block align %lu); na_host reads 16-bit PCM\n", path, bits, block_align);
                return EXIT_INPUT;
            }
            if (rate == 0 || rate > 0x7FFFFFFFul) {
                fprintf(stderr, "error: %s: invalid sample rate %lu\n", path, rate);
                return EXIT_INPUT;
            }
            have_fmt = 1;
        } else if (memcmp(b + pos, "data", 4) == 0 && !have_data) {
            data = b + pos + 8;
            data_bytes = chunk;
            have_data = 1;
        }
        pos += 8 + (size_t)chunk;
        if ((chunk & 1ul) != 0 && pos < size) ++pos; /* odd chunks are followed by a pad byte (absent at the end of some files) */
    }
    if (!have_fmt) {
        fprintf(stderr, "error: %s: no 'fmt ' chunk\n", path);
        return EXIT_INPUT;
    }
    if (!have_data) {
        fprintf(stderr, "error: %s: no 'data' chunk\n", path);
        return EXIT_INPUT;
    }
    if ((data_bytes & 1ul) != 0) {
        fprintf(stderr, "error: %s: the 'data' chunk holds %lu bytes, not a whole number of 16-bit samples\n", path, data_bytes);
        return EXIT_INPUT;
    }
    clip->sample_rate = (long)rate;
    clip->count = (long)(data_bytes / 2);
    clip->samples = NULL;
    if (clip->count > 0) {
        clip->samples = (int16_t *)malloc((size_t)clip->count * sizeof(int16_t));
        if (clip->samples == NULL) {
            fprintf(stderr, "error: %s: out of memory for %ld samples\n", path, clip->count);
            return EXIT_INTERNAL;
        }
        for (i = 0; i < clip->count; ++i) {
            long v = (long)le16(data + 2 * i);
            clip->samples[i] = (int16_t)(v >= 32768 ? v - 65536 : v);
        }
    }
    return 0;
}

static int load_wav(const char *path, wav_clip *clip)
{
    size_t size = 0;
    unsigned char *bytes = read_file(path, &size);
    int status;
    if (bytes == NULL) return EXIT_INPUT;
    status = parse_wav(path, bytes, size, clip);
    free(bytes);
    return status;
}

/* ---- running ---------------------------------------------------------------------------------------------- */

static void print_name(const char *name)
{
    const char *p;
    putchar('"');
    for (p = name; *p != '\0'; ++p) {
        if (*p == '"' || *p == '\\') putchar('\\');
        putchar(*p);
    }
    putchar('"');
}

static int run_encoder(const na_model *m, const char *path, const wav_clip *clip)
{
    long frames = clip->count / m->hop_samples, rest = clip->count % m->hop_samples, f;
    int q;
    uint16_t *codes = (uint16_t *)malloc((size_t)(frames > 0 ? frames : 1) * (size_t)m->quantizers * sizeof(uint16_t));
    if (codes == NULL) {
        fprintf(stderr, "error: out of memory for %ld frames of codes\n", frames);
        return EXIT_INTERNAL;
    }
    m->reset();
    for (f = 0; f < frames; ++f) {
        int32_t got = m->push(clip->samples + f * m->hop_samples, m->hop_samples, codes + f * m->quantizers);
        if (got != 1) {
            fprintf(stderr, "error: %s: push of one hop returned %ld frames\n", m->name, (long)got);
            free(codes);
            return EXIT_INTERNAL;
        }
    }
    if (rest != 0)
        fprintf(stderr, "note: %s: dropped the last %ld samples, a partial frame (hop %ld samples)\n", path, rest, (long)m->hop_samples);

    fputs("{\"model\":", stdout);
    print_name(m->name);
    printf(",\"frames\":%ld,\"quantizers\":%ld,\"codes\":[", frames, (long)m->quantizers);
    for (f = 0; f < frames; ++f) {
        if (f != 0) putchar(',');
        putchar('[');
        for (q = 0; q < m->quantizers; ++q) printf(q == 0 ? "%u" : ",%u", (unsigned)codes[f * m->quantizers + q]);
        putchar(']');
    }
    fputs("]}\n", stdout);
    free(codes);
    return 0;
}

static int run_classifier(const na_model *m, const char *path, const wav_clip *clip)
{
    int16_t *window = (int16_t *)calloc((size_t)m->input_samples, sizeof(int16_t));
    int8_t *scores = (int8_t *)malloc((size_t)m->classes);
    long used = clip->count < m->input_samples ? clip->count : m->input_samples;
    int c, label = 0;
    if (window == NULL || scores == NULL) {
        fprintf(stderr, "error: out of memory for a window of %ld samples\n", (long)m->input_samples);
        free(window);
        free(scores);
        return EXIT_INTERNAL;
    }
    if (used > 0) memcpy(window, clip->samples, (size_t)used * sizeof(int16_t));
    if (clip->count < m->input_samples)
        fprintf(stderr, "note: %s: %ld samples zero-padded to the window of %ld\n", path, clip->count, (long)m->input_samples);
    else if (clip->count > m->input_samples)
        fprintf(stderr, "note: %s: classified the first %ld of %ld samples\n", path, (long)m->input_samples, clip->count);
    m->run(window, scores);
    for (c = 1; c < m->classes; ++c)
        if (scores[c] > scores[label]) label = c;

    fputs("{\"model\":", stdout);
    print_name(m->name);
    fputs(",\"scores\":[", stdout);
    for (c = 0; c < m->classes; ++c) printf(c == 0 ? "%d" : ",%d", (int)scores[c]);
    printf("],\"label\":%d}\n", label);
    free(window);
    free(scores);
    return 0;
}

static int run(const char *model_name, const char *path)
{
    const na_model *m = na_model_find(model_name);
    wav_clip clip;
    int status;
    if (m == NULL) {
        int i;
        fprintf(stderr, "error: no model '%s'; models:", model_name);
        for (i = 0; i < NA_MODEL_COUNT; ++i) fprintf(stderr, " %s", na_models[i].name);
        fputc('\n', stderr);
        return EXIT_USAGE;
    }
    if (!m->linked) {
        fprintf(stderr, "error: %s is not linked into this na_host: no %s_weights.c in its weights folder (see NA_WEIGHTS_DIR)\n",
                m->name, m->symbol);
        return EXIT_USAGE;
    }
    status = load_wav(path, &clip);
    if (status != 0) return status;
    if (clip.sample_rate != m->sample_rate) {
        fprintf(stderr, "error: %s: sample rate %ld Hz, but %s expects %ld Hz (resample the file)\n", path, clip.sample_rate,
                m->name, (long)m->sample_rate);
        free(clip.samples);
        return EXIT_INPUT;
    }
    status = m->kind == NA_MODEL_ENCODER ? run_encoder(m, path, &clip) : run_classifier(m, path, &clip);
    free(clip.samples);
    if (status == 0 && (fflush(stdout) != 0 || ferror(stdout))) {
        fprintf(stderr, "error: writing the result failed\n");
        return EXIT_INTERNAL;
    }
    return status;
}

static int list(void)
{
    int i;
    for (i = 0; i < NA_MODEL_COUNT; ++i) {
        const na_model *m = &na_models[i];
        char shape[64];
        if (m->kind == NA_MODEL_ENCODER)
            snprintf(shape, sizeof shape, "hop %ld, %ld x %ld codes", (long)m->hop_samples, (long)m->quantizers, (long)m->codebook_size);
        else
            snprintf(shape, sizeof shape, "window %ld, %ld classes", (long)m->input_samples, (long)m->classes);
        printf("%-24s %-10s %6ld Hz  %-26s state %7ld B  arena %7ld B  weights %8ld B  %s\n", m->name,
               m->kind == NA_MODEL_ENCODER ? "encoder" : "classifier", (long)m->sample_rate, shape, (long)m->state_bytes,
               (long)m->arena_bytes, (long)m->weight_bytes, m->linked ? "linked" : "not linked (no weights)");
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *model = NULL, *path = NULL;
    int i, want_list = 0;
    for (i = 1; i < argc; ++i) {
        const char *a = argv[i];
        if (strcmp(a, "--list") == 0) {
            want_list = 1;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(a, "--model") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "error: --model needs a value\n");
                usage(stderr);
                return EXIT_USAGE;
            }
            model = argv[++i];
        } else if (strncmp(a, "--model=", 8) == 0) {
            model = a + 8;
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "error: unknown option '%s'\n", a);
            usage(stderr);
            return EXIT_USAGE;
        } else if (path == NULL) {
            path = a;
        } else {
            fprintf(stderr, "error: one input file expected, got '%s' and '%s'\n", path, a);
            return EXIT_USAGE;
        }
    }
    if (want_list) return list();
    if (model == NULL || path == NULL) {
        usage(stderr);
        return EXIT_USAGE;
    }
    return run(model, path);
}
