/* The packet link: native USB-Serial-JTAG or a UART, chosen in menuconfig. */
#ifndef NA_LINK_H
#define NA_LINK_H

#include <stdint.h>
#include "esp_err.h"

esp_err_t na_link_start(void);

/* Queues n bytes (waits up to 20 ms for room); returns 1 when all were queued. */
int na_link_write(const uint8_t *bytes, int32_t n);

#endif /* NA_LINK_H */
