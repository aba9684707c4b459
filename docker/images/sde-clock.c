/* sde-clock.c — LD_PRELOAD shim that makes the wall clock read SOURCE_DATE_EPOCH.
 * mtools stamps the directories it creates with the current time and has no
 * SOURCE_DATE_EPOCH support; image scripts compile this with the builder's gcc and run
 * mmd/mcopy under it so FAT images (efiboot.img, ESPs) are byte-reproducible.
 * Only CLOCK_REALTIME-style calls are pinned; monotonic clocks are left alone. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>

static time_t sde(void) {
  const char *s = getenv("SOURCE_DATE_EPOCH");
  return s ? (time_t)strtoll(s, NULL, 10) : 0;
}

time_t time(time_t *t) {
  time_t v = sde();
  if (t) *t = v;
  return v;
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz) {
  (void)tz;
  if (tv) { tv->tv_sec = sde(); tv->tv_usec = 0; }
  return 0;
}

int clock_gettime(clockid_t id, struct timespec *ts) {
  if (id == CLOCK_REALTIME || id == CLOCK_REALTIME_COARSE) {
    ts->tv_sec = sde();
    ts->tv_nsec = 0;
    return 0;
  }
  int (*real)(clockid_t, struct timespec *) = (int (*)(clockid_t, struct timespec *))dlsym(RTLD_NEXT, "clock_gettime");
  return real(id, ts);
}
