/*
 * The graph chosen in menuconfig (NeuralAudio -> Encoder / Classifier variant) as two name prefixes:
 * NA_FN(_push) -> tinystream_tiny_push, NA_M(_HOP) -> TINYSTREAM_TINY_HOP. Host builds define NA_SYMBOL_NAME and
 * NA_MACRO_NAME and NA_MODEL_HEADER themselves.
 */
#ifndef NA_MODEL_SELECT_H
#define NA_MODEL_SELECT_H

#ifndef NA_SYMBOL_NAME
#include "sdkconfig.h"
#if defined(CONFIG_NA_MODEL_TINYSTREAM_ULTRA_TINY)
#define NA_SYMBOL_NAME tinystream_ultra_tiny
#define NA_MACRO_NAME TINYSTREAM_ULTRA_TINY
#define NA_MODEL_HEADER "tinystream_ultra_tiny.h"
#elif defined(CONFIG_NA_MODEL_TINYSTREAM_TINY)
#define NA_SYMBOL_NAME tinystream_tiny
#define NA_MACRO_NAME TINYSTREAM_TINY
#define NA_MODEL_HEADER "tinystream_tiny.h"
#elif defined(CONFIG_NA_MODEL_TINYSTREAM_TINY_C10)
#define NA_SYMBOL_NAME tinystream_tiny_c10
#define NA_MACRO_NAME TINYSTREAM_TINY_C10
#define NA_MODEL_HEADER "tinystream_tiny_c10.h"
#elif defined(CONFIG_NA_MODEL_TINYSTREAM_SMALL)
#define NA_SYMBOL_NAME tinystream_small
#define NA_MACRO_NAME TINYSTREAM_SMALL
#define NA_MODEL_HEADER "tinystream_small.h"
#elif defined(CONFIG_NA_MODEL_TINYSTREAM_MEDIUM)
#define NA_SYMBOL_NAME tinystream_medium
#define NA_MACRO_NAME TINYSTREAM_MEDIUM
#define NA_MODEL_HEADER "tinystream_medium.h"
#elif defined(CONFIG_NA_MODEL_TINYSTREAM_FULL)
#define NA_SYMBOL_NAME tinystream_full
#define NA_MACRO_NAME TINYSTREAM_FULL
#define NA_MODEL_HEADER "tinystream_full.h"
#elif defined(CONFIG_NA_MODEL_MICRO_ACDNET_ESC50)
#define NA_SYMBOL_NAME micro_acdnet_esc50
#define NA_MACRO_NAME MICRO_ACDNET_ESC50
#define NA_MODEL_HEADER "micro_acdnet_esc50.h"
#elif defined(CONFIG_NA_MODEL_MICRO_ACDNET_ESC10)
#define NA_SYMBOL_NAME micro_acdnet_esc10
#define NA_MACRO_NAME MICRO_ACDNET_ESC10
#define NA_MODEL_HEADER "micro_acdnet_esc10.h"
#elif defined(CONFIG_NA_MODEL_ACDNET_ESC50)
#define NA_SYMBOL_NAME acdnet_esc50
#define NA_MACRO_NAME ACDNET_ESC50
#define NA_MODEL_HEADER "acdnet_esc50.h"
#elif defined(CONFIG_NA_MODEL_ACDNET_ESC10)
#define NA_SYMBOL_NAME acdnet_esc10
#define NA_MACRO_NAME ACDNET_ESC10
#define NA_MODEL_HEADER "acdnet_esc10.h"
#else
#error "no NeuralAudio model selected (idf.py menuconfig -> NeuralAudio)"
#endif
#endif /* NA_SYMBOL_NAME */

#define NA_CAT_(a, b) a##b
#define NA_CAT(a, b) NA_CAT_(a, b)
#define NA_FN(suffix) NA_CAT(NA_SYMBOL_NAME, suffix)
#define NA_M(suffix) NA_CAT(NA_MACRO_NAME, suffix)
#define NA_STR_(x) #x
#define NA_STR(x) NA_STR_(x)

#include NA_MODEL_HEADER

#endif /* NA_MODEL_SELECT_H */
