#ifndef STLIB_H
#define STLIB_H
unsigned long st_checksum(const char *text);
#endif
