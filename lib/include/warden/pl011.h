/* Arm PrimeCell UART (PL011) registers and bits (Arm DDI 0183G, chapter 3), as the kernel's
 * console driver and the VMM's model of the guest's console use them (docs/console.md). */
#ifndef WARDEN_PL011_H
#define WARDEN_PL011_H

#define PL011_DR 0x000
#define PL011_RSR 0x004
#define PL011_FR 0x018
#define PL011_ILPR 0x020
#define PL011_IBRD 0x024
#define PL011_FBRD 0x028
#define PL011_LCR_H 0x02c
#define PL011_CR 0x030
#define PL011_IFLS 0x034
#define PL011_IMSC 0x038
#define PL011_RIS 0x03c
#define PL011_MIS 0x040
#define PL011_ICR 0x044
#define PL011_DMACR 0x048
#define PL011_PERIPHID0 0xfe0
#define PL011_CELLID0 0xff0

/* UARTFR */
#define PL011_FR_BUSY (1u << 3)
#define PL011_FR_RXFE (1u << 4)
#define PL011_FR_TXFF (1u << 5)
#define PL011_FR_RXFF (1u << 6)
#define PL011_FR_TXFE (1u << 7)

/* UARTLCR_H */
#define PL011_LCR_H_FEN (1u << 4)

/* UARTCR */
#define PL011_CR_UARTEN (1u << 0)
#define PL011_CR_TXE (1u << 8)
#define PL011_CR_RXE (1u << 9)

/* UARTIMSC, UARTRIS, UARTMIS, UARTICR: one bit per interrupt */
#define PL011_INT_RX (1u << 4)
#define PL011_INT_TX (1u << 5)
#define PL011_INT_RT (1u << 6)
#define PL011_INT_OE (1u << 10)
#define PL011_INT_ALL 0x7ffu

/* UARTDR on a read: the data byte, then FE, PE, BE, OE (bits 8..11). */
#define PL011_DR_OE (1u << 11)

#define PL011_FIFO_DEPTH 16

#endif
