/* sde-clock.c — LD_PRELOAD shim that makes the wall clock read SOURCE_DATE_EPOCH.
 * mtools stamps the directories it creates with the current time and has no
 * SOURCE_DATE_EPOCH support; mkfs.ext4 -d copies each source file's atime and ctime (which
 * no tool can set) into the image. Image scripts compile this with the builder's gcc and
 * run mcopy / mkfs.ext4 under it: the clock reads SOURCE_DATE_EPOCH and stat() results
 * have atime/ctime clamped to it, so FAT and ext4 images are byte-reproducible.
 * Only CLOCK_REALTIME-style calls are pinned; monotonic clocks are left alone. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <sys/time.h>
#include <sys/stat.h>
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

static void clamp(struct stat *st) {
  time_t v = sde();
  if (st->st_atim.tv_sec > v) { st->st_atim.tv_sec = v; st->st_atim.tv_nsec = 0; }
  if (st->st_ctim.tv_sec > v) { st->st_ctim.tv_sec = v; st->st_ctim.tv_nsec = 0; }
  if (st->st_mtim.tv_sec > v) { st->st_mtim.tv_sec = v; st->st_mtim.tv_nsec = 0; }
}

/* On x86_64 and aarch64 struct stat and struct stat64 have the same layout; the C names
 * are private and the asm labels give the exported symbol names, so the headers'
 * prototypes of stat64 & co. do not clash with these definitions. */
#define WRAP_PATH_STAT(cname, sym)                                                    \
  int cname(const char *restrict p, struct stat *restrict st) __asm__(sym);          \
  int cname(const char *restrict p, struct stat *restrict st) {                      \
    int (*real)(const char *, struct stat *) =                                       \
        (int (*)(const char *, struct stat *))dlsym(RTLD_NEXT, sym);                 \
    int rc = real(p, st);                                                            \
    if (rc == 0) clamp(st);                                                          \
    return rc;                                                                       \
  }
WRAP_PATH_STAT(sde_stat, "stat")
WRAP_PATH_STAT(sde_stat64, "stat64")
WRAP_PATH_STAT(sde_lstat, "lstat")
WRAP_PATH_STAT(sde_lstat64, "lstat64")

int sde_fstat64(int fd, struct stat *st) __asm__("fstat64");
int sde_fstat64(int fd, struct stat *st) {
  int (*real)(int, struct stat *) = (int (*)(int, struct stat *))dlsym(RTLD_NEXT, "fstat64");
  int rc = real(fd, st);
  if (rc == 0) clamp(st);
  return rc;
}
