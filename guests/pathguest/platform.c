/* Console, SMCCC calls, DTB and exception handling: the test guest's (guests/include/guest.h). */
#include "../testguest/platform.c"
