/*
 * NeuralAudio firmware entry: starts the app chosen in menuconfig (NeuralAudio -> Application).
 */
#include "sdkconfig.h"

void na_encoder_app_start(void);
void na_classifier_app_start(void);

void app_main(void)
{
#if CONFIG_NA_APP_ENCODER
    na_encoder_app_start();
#else
    na_classifier_app_start();
#endif
}
