/*
 * Microphone capture with the ESP-IDF v5 I2S driver: i2s_new_channel -> i2s_channel_init_std_mode or
 * i2s_channel_init_pdm_rx_mode -> i2s_channel_enable -> i2s_channel_read.
 */
#include "na_mic.h"

#include "freertos/FreeRTOS.h"
#include "driver/i2s_std.h"
#include "driver/i2s_pdm.h"
#include "esp_check.h"
#include "sdkconfig.h"
#include "na_app_config.h"

static const char *TAG = "na_mic";
static i2s_chan_handle_t rx;
#if CONFIG_NA_MIC_I2S_STD
static int32_t slots[NA_I2S_READ_FRAMES]; /* 32-bit slots; the sample is in the top 24 (or 18) bits */
#endif

esp_err_t na_mic_start(uint32_t sample_rate)
{
    i2s_chan_config_t chan = I2S_CHANNEL_DEFAULT_CONFIG(I2S_NUM_0, I2S_ROLE_MASTER);
    chan.dma_desc_num = NA_I2S_DMA_DESC;
    chan.dma_frame_num = NA_I2S_DMA_FRAMES;
    ESP_RETURN_ON_ERROR(i2s_new_channel(&chan, NULL, &rx), TAG, "i2s_new_channel");
#if CONFIG_NA_MIC_I2S_STD
    i2s_std_config_t std = {
        .clk_cfg = I2S_STD_CLK_DEFAULT_CONFIG(sample_rate),
        .slot_cfg = I2S_STD_PHILIPS_SLOT_DEFAULT_CONFIG(I2S_DATA_BIT_WIDTH_32BIT, I2S_SLOT_MODE_MONO),
        .gpio_cfg = {
            .mclk = I2S_GPIO_UNUSED,
            .bclk = CONFIG_NA_MIC_CLK_GPIO,
            .ws = CONFIG_NA_MIC_WS_GPIO,
            .dout = I2S_GPIO_UNUSED,
            .din = CONFIG_NA_MIC_DIN_GPIO,
            .invert_flags = {.mclk_inv = false, .bclk_inv = false, .ws_inv = false},
        },
    };
    std.slot_cfg.slot_mask = I2S_STD_SLOT_LEFT; /* L/R pin of the microphone tied to GND */
    ESP_RETURN_ON_ERROR(i2s_channel_init_std_mode(rx, &std), TAG, "i2s_channel_init_std_mode");
#else
    i2s_pdm_rx_config_t pdm = {
        .clk_cfg = I2S_PDM_RX_CLK_DEFAULT_CONFIG(sample_rate),
        .slot_cfg = I2S_PDM_RX_SLOT_DEFAULT_CONFIG(I2S_DATA_BIT_WIDTH_16BIT, I2S_SLOT_MODE_MONO),
        .gpio_cfg = {
            .clk = CONFIG_NA_MIC_CLK_GPIO,
            .din = CONFIG_NA_MIC_DIN_GPIO,
            .invert_flags = {.clk_inv = false},
        },
    };
    ESP_RETURN_ON_ERROR(i2s_channel_init_pdm_rx_mode(rx, &pdm), TAG, "i2s_channel_init_pdm_rx_mode");
#endif
    return i2s_channel_enable(rx);
}

int32_t na_mic_read(int16_t *pcm, int32_t max_samples)
{
    size_t bytes = 0;
    int32_t n, i;
    if (max_samples > NA_I2S_READ_FRAMES) max_samples = NA_I2S_READ_FRAMES;
#if CONFIG_NA_MIC_I2S_STD
    if (i2s_channel_read(rx, slots, (size_t)max_samples * sizeof slots[0], &bytes, portMAX_DELAY) != ESP_OK) return 0;
    n = (int32_t)(bytes / sizeof slots[0]);
    for (i = 0; i < n; ++i) {
        int32_t v = slots[i] >> CONFIG_NA_MIC_SHIFT; /* arithmetic shift on Xtensa GCC */
        pcm[i] = (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
    }
#else
    if (i2s_channel_read(rx, pcm, (size_t)max_samples * sizeof pcm[0], &bytes, portMAX_DELAY) != ESP_OK) return 0;
    n = (int32_t)(bytes / sizeof pcm[0]);
    (void)i;
#endif
    return n;
}
