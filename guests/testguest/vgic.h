/* The test guest's GICv3 checks (vgic.c). */
#ifndef TESTGUEST_VGIC_H
#define TESTGUEST_VGIC_H
#include <guest.h>

/* The context id a vCPU started for the vGIC checks gets: it sets up its GIC, unmasks IRQs. */
#define VGIC_CTX(cpu) (0x5647494300000000ul | (cpu))
#define IS_VGIC_CTX(ctx) (((ctx) >> 32) == 0x56474943ul)

/* This vCPU's redistributor and CPU interface: SGIs enabled, Group 1, priority 0xa0. */
void vgic_cpu_setup(unsigned cpu);
/* The checks, on vCPU 0; start(c) powers vCPU c on with VGIC_CTX(c) and waits for it. With
 * spi_hook the policy emulates WARDEN_HYP_SET_SPI (bootargs vgic-spi). */
void test_vgic(bool direct, bool spi_hook, void (*start)(unsigned cpu));

#endif
