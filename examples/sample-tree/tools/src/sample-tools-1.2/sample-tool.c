#include <stdio.h>
#include "stlib.h"

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) printf("%lu %s\n", st_checksum(argv[i]), argv[i]);
  return 0;
}
