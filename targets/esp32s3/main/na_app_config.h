/*
 * Buffer sizes of the firmware apps. FirmwareFootprint (src/Cli/Commands/FirmwareFootprint.cs) counts the same
 * numbers in each graph's RAM budget: change both together.
 */
#ifndef NA_APP_CONFIG_H
#define NA_APP_CONFIG_H

#define NA_I2S_DMA_DESC 4       /* I2S DMA descriptors */
#define NA_I2S_DMA_FRAMES 256   /* frames per descriptor (32-bit slots: 4 bytes each) */
#define NA_I2S_READ_FRAMES 256  /* frames per i2s_channel_read */
#define NA_RING_HOPS 8          /* encoder: hops of int16 PCM between capture and encoder (128 ms at hop 256) */
#define NA_FRAMES_PER_PACKET 1  /* encoder: frames per code packet */
#define NA_CPU_HZ 240000000u    /* sdkconfig.defaults: CONFIG_ESP_DEFAULT_CPU_FREQ_MHZ_240 */

#endif /* NA_APP_CONFIG_H */
