/*
 * Classifier app: I2S microphone at the model's rate (20 kHz) into a sliding window of INPUT_SAMPLES (1.51 s); every
 * CONFIG_NA_CLASSIFIER_HOP_MS the window shifts by one hop and (Micro-)ACDNet classifies it. Logs the best label's
 * index and score (int8 probability / 256) with the cycles of the inference against the hop's real-time budget.
 */
#include "sdkconfig.h"
#if CONFIG_NA_APP_CLASSIFIER

#include <string.h>
#include "freertos/FreeRTOS.h"
#include "freertos/task.h"
#include "esp_cpu.h"
#include "esp_log.h"
#include "na_app_config.h"
#include "na_memory.h"
#include "na_mic.h"
#include "na_model_select.h"
#ifdef NA_USE_ESP_NN
#include "na_espnn_backend.h"
#endif

#if NA_M(_NEEDS_PSRAM) && !CONFIG_SPIRAM
#error "this graph's arena needs PSRAM (na_memory.h): enable CONFIG_SPIRAM or choose a smaller variant"
#endif

#define WINDOW NA_M(_INPUT_SAMPLES)
#define CLASSES NA_M(_CLASSES)
#define HOP_SAMPLES ((int32_t)((int64_t)NA_M(_SAMPLE_RATE) * CONFIG_NA_CLASSIFIER_HOP_MS / 1000))

static const char *TAG = "na_classifier";
static int16_t window[WINDOW];
static int8_t scores[CLASSES];
#ifdef NA_USE_ESP_NN
static int8_t espnn_scratch[NA_M(_ESPNN_SCRATCH_BYTES) + 16] __attribute__((aligned(16)));
#endif

static void classifier_task(void *arg)
{
    const uint32_t budget = (uint32_t)((uint64_t)NA_CPU_HZ * HOP_SAMPLES / NA_M(_SAMPLE_RATE));
    int32_t filled = 0, i, best;
    uint32_t windows = 0, start, spent, max_spent = 0;
    uint64_t total = 0;
    (void)arg;
    for (;;) {
        /* Append samples at the end; once full, slide by HOP_SAMPLES (memmove of 60 KB: ~0.1 ms, cheaper than a copy
         * of a ring into a second window buffer, and it keeps RAM at one window). */
        if (filled == WINDOW) {
            memmove(window, window + HOP_SAMPLES, (size_t)(WINDOW - HOP_SAMPLES) * sizeof window[0]);
            filled = WINDOW - HOP_SAMPLES;
        }
        while (filled < WINDOW) {
            int32_t n = na_mic_read(window + filled, WINDOW - filled < NA_I2S_READ_FRAMES ? WINDOW - filled : NA_I2S_READ_FRAMES);
            filled += n;
        }
        start = (uint32_t)esp_cpu_get_cycle_count();
        NA_FN(_run)(window, scores);
        spent = (uint32_t)esp_cpu_get_cycle_count() - start;
        total += spent;
        if (spent > max_spent) max_spent = spent;
        best = 0;
        for (i = 1; i < CLASSES; ++i)
            if (scores[i] > scores[best]) best = i;
        ESP_LOGI(TAG, "window %lu: class %d score %.3f, %lu cycles (%.1f ms; hop budget %lu cycles, margin %.1f%%)",
                 (unsigned long)windows, best, (scores[best] + 128) / 256.0, (unsigned long)spent,
                 spent / (NA_CPU_HZ / 1000.0), (unsigned long)budget, 100.0 * (1.0 - (double)spent / budget));
        if (++windows % CONFIG_NA_STATS_EVERY_FRAMES == 0)
            ESP_LOGI(TAG, "%s: %lu windows, cycles mean %lu max %lu", NA_STR(NA_SYMBOL_NAME), (unsigned long)windows,
                     (unsigned long)(total / windows), (unsigned long)max_spent);
    }
}

void na_classifier_app_start(void)
{
    ESP_LOGI(TAG, "%s: %d samples at %d Hz, %d classes, hop %ld samples, arena %d B, RAM %d B, flash %d B",
             NA_STR(NA_SYMBOL_NAME), WINDOW, NA_M(_SAMPLE_RATE), CLASSES, (long)HOP_SAMPLES, NA_M(_ARENA_BYTES),
             NA_M(_RAM_BYTES), NA_M(_FLASH_BYTES));
#ifdef NA_USE_ESP_NN
    na_espnn_set_scratch(espnn_scratch, NA_M(_ESPNN_SCRATCH_BYTES));
#endif
    ESP_ERROR_CHECK(na_mic_start(NA_M(_SAMPLE_RATE)));
    /* The classifier's frames are large: a big stack is not needed (everything is static), 6 KB suffices. */
    xTaskCreatePinnedToCore(classifier_task, "na_classifier", 6144, NULL, 5, NULL, 1);
}

#endif /* CONFIG_NA_APP_CLASSIFIER */
