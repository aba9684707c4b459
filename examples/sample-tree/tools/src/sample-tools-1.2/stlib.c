#include "stlib.h"

/* djb2: enough to have a library with a stable answer. */
unsigned long st_checksum(const char *text) {
  unsigned long h = 5381;
  for (; *text; text++) h = h * 33 + (unsigned char)*text;
  return h;
}
