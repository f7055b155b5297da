#ifndef SEQTHINK_CSYSTEM_H
#define SEQTHINK_CSYSTEM_H
// A tiny shim for the Linux calls Swift's Glibc module does not export (epoll, accept4,
// eventfd). Each function is a thin pass-through; errors come back as -1 with errno set.
int csystem_placeholder(void);
#endif
