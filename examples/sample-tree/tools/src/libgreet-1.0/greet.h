/* libgreet: the sample tree's shared library. */
#ifndef GREET_H
#define GREET_H
const char *greet_version(void);
int greet(const char *who);
#endif
