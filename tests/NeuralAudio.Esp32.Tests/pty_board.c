/*
 * A stand-in board for `receive --port`: opens a pseudo-terminal, prints the slave's path, waits until the receiver
 * has put it in raw mode (stty: no ICANON, no ECHO; a pty pair shares its termios), writes the capture file given as
 * argument in small pieces, then closes the master (the receiver's reads then fail with EIO, like an unplugged
 * board). POSIX (Linux).
 */
#define _XOPEN_SOURCE 600
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static void pause_ms(long ms)
{
    struct timespec t;
    t.tv_sec = ms / 1000;
    t.tv_nsec = (ms % 1000) * 1000000L;
    nanosleep(&t, NULL);
}

int main(int argc, char **argv)
{
    struct termios t;
    unsigned char buffer[64];
    size_t n;
    int master, tries;
    FILE *capture;
    if (argc != 2 || (capture = fopen(argv[1], "rb")) == NULL) return 2;
    master = posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0) return 3;
    printf("%s\n", ptsname(master));
    fflush(stdout);
    for (tries = 0; tries < 3000; ++tries) { /* up to 60 s for the receiver to start */
        if (tcgetattr(master, &t) == 0 && !(t.c_lflag & ICANON) && !(t.c_lflag & ECHO)) break;
        pause_ms(20);
    }
    if (tries == 3000) return 4;
    pause_ms(500); /* let the receiver open the port after stty */
    while ((n = fread(buffer, 1, sizeof buffer, capture)) > 0) {
        if (write(master, buffer, n) != (ssize_t)n) return 5;
        pause_ms(5);
    }
    pause_ms(1000); /* let it drain */
    close(master);
    fclose(capture);
    return 0;
}
