#define _GNU_SOURCE
#include <signal.h>
#include <dlfcn.h>
/* Preloaded under valgrind by bench/profile_case_page.py. valgrind 3.19 crashes when sigsuspend's mask lies in read-only memory (libdispatch's does):
   hand it a copy on the stack. */
int sigsuspend(const sigset_t *mask) {
    static int (*real)(const sigset_t *);
    if (!real) real = (int (*)(const sigset_t *))dlsym(RTLD_NEXT, "sigsuspend");
    sigset_t copy = *mask;
    return real(&copy);
}
