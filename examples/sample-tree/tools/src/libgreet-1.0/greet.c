#include <stdio.h>
#include "greet.h"

const char *greet_version(void) { return "1.0"; }

int greet(const char *who) {
  return printf("Hello, %s! (libgreet %s)\n", who, greet_version()) < 0 ? 1 : 0;
}
