/*
 * Packet link. USB-Serial-JTAG (default) shows up as /dev/ttyACM0 on Linux and runs at USB full speed whatever the
 * baud rate; a UART needs its TX pin wired to a USB-UART adapter's RX (and GND).
 */
#include "na_link.h"

#include "freertos/FreeRTOS.h"
#include "esp_check.h"
#include "sdkconfig.h"
#if CONFIG_NA_LINK_UART
#include "driver/uart.h"
#else
#include "driver/usb_serial_jtag.h"
#endif

static const char *TAG = "na_link";

esp_err_t na_link_start(void)
{
#if CONFIG_NA_LINK_UART
    const uart_config_t config = {
        .baud_rate = CONFIG_NA_UART_BAUD,
        .data_bits = UART_DATA_8_BITS,
        .parity = UART_PARITY_DISABLE,
        .stop_bits = UART_STOP_BITS_1,
        .flow_ctrl = UART_HW_FLOWCTRL_DISABLE,
        .source_clk = UART_SCLK_DEFAULT,
    };
    ESP_RETURN_ON_ERROR(uart_driver_install(CONFIG_NA_UART_PORT, 256, 4096, 0, NULL, 0), TAG, "uart_driver_install");
    ESP_RETURN_ON_ERROR(uart_param_config(CONFIG_NA_UART_PORT, &config), TAG, "uart_param_config");
    return uart_set_pin(CONFIG_NA_UART_PORT, CONFIG_NA_UART_TX_GPIO, UART_PIN_NO_CHANGE, UART_PIN_NO_CHANGE,
                        UART_PIN_NO_CHANGE);
#else
    usb_serial_jtag_driver_config_t config = USB_SERIAL_JTAG_DRIVER_CONFIG_DEFAULT();
    config.tx_buffer_size = 4096;
    return usb_serial_jtag_driver_install(&config);
#endif
}

int na_link_write(const uint8_t *bytes, int32_t n)
{
#if CONFIG_NA_LINK_UART
    return uart_write_bytes(CONFIG_NA_UART_PORT, bytes, (size_t)n) == n;
#else
    return usb_serial_jtag_write_bytes(bytes, (size_t)n, pdMS_TO_TICKS(20)) == n;
#endif
}
