/* The bench guest's entry, vectors and stacks: the test guest's (Linux Image header, vCPU 0
 * calls guest_main(DTB); exceptions other than an IRQ are reported and stop the vCPU). */
#include "../testguest/start.S"
