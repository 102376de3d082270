/*
 * Streaming encoder app: I2S microphone at the model's rate (16 kHz) -> ring buffer (FreeRTOS stream buffer, 8 hops)
 * -> generated TinyStream encoder, one hop at a time -> code packets on the packet link. Capture runs on core 0,
 * the encoder on core 1. Every CONFIG_NA_STATS_EVERY_FRAMES frames it logs the encoder's cycles per frame
 * (esp_cpu_get_cycle_count) against the real-time budget of one hop at 240 MHz.
 */
#include "sdkconfig.h"
#if CONFIG_NA_APP_ENCODER

#include <string.h>
#include "freertos/FreeRTOS.h"
#include "freertos/task.h"
#include "freertos/stream_buffer.h"
#include "esp_cpu.h"
#include "esp_log.h"
#include "na_app_config.h"
#include "na_encoder_loop.h"
#include "na_link.h"
#include "na_memory.h"
#include "na_mic.h"
#include "na_model_select.h"
#include "na_packet.h"
#ifdef NA_USE_ESP_NN
#include "na_espnn_backend.h"
#endif

#if NA_M(_QUANTIZERS) > NA_PACKET_MAX_QUANTIZERS
#error "the encoder has more codes per frame than a packet carries"
#endif
#if NA_M(_NEEDS_PSRAM) && !CONFIG_SPIRAM
#error "this graph's arena needs PSRAM (na_memory.h): enable CONFIG_SPIRAM or choose a smaller variant"
#endif

#define HOP NA_M(_HOP)
#define RING_BYTES (NA_RING_HOPS * HOP * (int32_t)sizeof(int16_t))

static const char *TAG = "na_encoder";

static NA_FN(_state) state;
static StaticStreamBuffer_t ring_control;
static uint8_t ring_storage[RING_BYTES + 1];
static StreamBufferHandle_t ring;
static volatile uint32_t overrun_samples;
static int16_t pcm[HOP];
static uint16_t codes[NA_M(_QUANTIZERS)];
static uint8_t packet[NA_ENCODER_PACKET_CAPACITY];
#ifdef NA_USE_ESP_NN
static int8_t espnn_scratch[NA_M(_ESPNN_SCRATCH_BYTES) + 16] __attribute__((aligned(16)));
#endif

static void model_reset(void) { NA_FN(_init)(&state); }
static int32_t model_push(const int16_t *in, int32_t n, uint16_t *out) { return NA_FN(_push)(&state, in, n, out); }

static int ring_read(void *ctx, int16_t *out, int32_t n)
{
    uint8_t *dst = (uint8_t *)out;
    size_t want = (size_t)n * sizeof(int16_t), got = 0;
    (void)ctx;
    while (got < want) got += xStreamBufferReceive(ring, dst + got, want - got, portMAX_DELAY);
    return 1;
}

static int link_write(void *ctx, const uint8_t *bytes, int32_t n)
{
    (void)ctx;
    return na_link_write(bytes, n);
}

static uint32_t cycles(void) { return (uint32_t)esp_cpu_get_cycle_count(); }

static void capture_task(void *arg)
{
    static int16_t chunk[NA_I2S_READ_FRAMES];
    (void)arg;
    for (;;) {
        int32_t n = na_mic_read(chunk, NA_I2S_READ_FRAMES);
        size_t bytes = (size_t)n * sizeof chunk[0];
        size_t sent = xStreamBufferSend(ring, chunk, bytes, 0);
        if (sent < bytes) overrun_samples += (uint32_t)((bytes - sent) / sizeof chunk[0]); /* encoder too slow */
    }
}

static void encoder_task(void *arg)
{
    const na_encoder_model model = {HOP, NA_M(_QUANTIZERS), model_reset, model_push};
    const na_encoder_io io = {ring_read, link_write, cycles, NULL};
    const uint32_t budget = (uint32_t)((uint64_t)NA_CPU_HZ * HOP / NA_M(_SAMPLE_RATE)); /* cycles per hop */
    na_encoder_stats stats;
    uint64_t window_total = 0;
    uint32_t window_max = 0, window_frames = 0;
    (void)arg;
    memset(&stats, 0, sizeof stats);
    model.reset();
    for (;;) {
        if (na_encoder_step(&model, &io, pcm, codes, packet, &stats) != 1) {
            ESP_LOGE(TAG, "encoder failed at frame %lu", (unsigned long)stats.frames);
            vTaskDelete(NULL);
        }
        window_total += stats.cycles_last;
        if (stats.cycles_last > window_max) window_max = stats.cycles_last;
        if (++window_frames == CONFIG_NA_STATS_EVERY_FRAMES) {
            uint32_t mean = (uint32_t)(window_total / window_frames);
            ESP_LOGI(TAG, "%s: %lu frames, cycles/frame mean %lu max %lu of %lu (real-time margin %.1f%%, CPU load %.1f%%), "
                     "overrun %lu samples, link errors %lu",
                     NA_STR(NA_SYMBOL_NAME), (unsigned long)stats.frames, (unsigned long)mean,
                     (unsigned long)window_max, (unsigned long)budget, 100.0 * (1.0 - (double)mean / budget),
                     100.0 * (double)mean / budget, (unsigned long)overrun_samples, (unsigned long)stats.write_errors);
#ifdef NA_USE_ESP_NN
            na_espnn_counters c = na_espnn_get_counters();
            ESP_LOGI(TAG, "esp-nn kernel calls %lu, portable %lu", (unsigned long)c.espnn_calls,
                     (unsigned long)c.portable_calls);
#endif
            window_total = 0;
            window_max = 0;
            window_frames = 0;
        }
    }
}

void na_encoder_app_start(void)
{
    ESP_LOGI(TAG, "%s: hop %d samples at %d Hz, %d codes/frame, arena %d B, state %d B, RAM %d B, flash %d B",
             NA_STR(NA_SYMBOL_NAME), HOP, NA_M(_SAMPLE_RATE), NA_M(_QUANTIZERS), NA_M(_ARENA_BYTES),
             NA_M(_STATE_BYTES), NA_M(_RAM_BYTES), NA_M(_FLASH_BYTES));
#ifdef NA_USE_ESP_NN
    na_espnn_set_scratch(espnn_scratch, NA_M(_ESPNN_SCRATCH_BYTES));
#endif
    /* FreeRTOS wants storage of the buffer size + 1. */
    ring = xStreamBufferCreateStatic(RING_BYTES, sizeof(int16_t), ring_storage, &ring_control);
    ESP_ERROR_CHECK(na_link_start());
    ESP_ERROR_CHECK(na_mic_start(NA_M(_SAMPLE_RATE)));
    xTaskCreatePinnedToCore(capture_task, "na_capture", 3072, NULL, 10, NULL, 0);
    xTaskCreatePinnedToCore(encoder_task, "na_encoder", 6144, NULL, 5, NULL, 1);
}

#endif /* CONFIG_NA_APP_ENCODER */
