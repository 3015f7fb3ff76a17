/* The monitor's SiP (silicon provider) service, OEN 2: a stand-in for vendor platform firmware
 * that the SMC capability, VMM and broker tests call. Function IDs, arguments and return values;
 * docs/monitor.md describes each call. Return codes are the SMCCC ones (warden/smccc.h). */
#ifndef WARDEN_SIP_H
#define WARDEN_SIP_H

/* SMCCC general queries for OEN 2 (DEN0028 §6.3). */
#define SIP_CALL_COUNT 0x8200ff00u /* x0 = number of SiP function IDs implemented */
#define SIP_UID 0x8200ff01u	   /* w0..w3 = the service UUID (SIP_UID_W0..W3) */
#define SIP_REVISION 0x8200ff03u   /* x0 = major, x1 = minor */
#define SIP_REVISION_MAJOR 1u
#define SIP_REVISION_MINOR 0u
#define SIP_UID_W0 0x4e8c3b27u
#define SIP_UID_W1 0x4d1e6f0au
#define SIP_UID_W2 0x8b5d27a9u
#define SIP_UID_W3 0x1c06f3e2u

/* Device-key derivation. x1..x4: a 32-byte label (byte i of the label is bits 8*(i%8)+7:8*(i%8)
 * of register x(1 + i/8)). Returns x0 = SUCCESS, x1..x4 = a 256-bit key derived from the label
 * and the monitor's device secret, which no call ever returns. */
#define SIP_DERIVE_KEY64 0xc2000001u
#define SIP_DERIVE_KEY_LABEL_REGS 4u

/* Monotonic counters in secure RAM (not persistent across boots: QEMU has no secure storage).
 * x1 = counter index < SIP_MONOTONIC_COUNT, else INVALID_PARAMETER. READ: x1 = value.
 * INCREMENT: adds one, x1 = the new value; SIP_COUNTER_AT_LIMIT if it would wrap. */
#define SIP_MONOTONIC_READ64 0xc2000002u
#define SIP_MONOTONIC_INCREMENT64 0xc2000003u
#define SIP_MONOTONIC_COUNT 8u
#define SIP_COUNTER_AT_LIMIT (-4)

/* Register test: x0 = SUCCESS and, for each argument register i, x(i)_out = ~x(i)_in ^ (i *
 * SIP_REG_TEST_STEP). SMC64: i = 1..17 (SMCCC 1.2). SMC32: i = 1..7 on the low 32 bits (upper
 * halves of the results zero); x8..x17 preserved. */
#define SIP_REG_TEST 0x82000004u
#define SIP_REG_TEST64 0xc2000004u
#define SIP_REG_TEST_STEP 0x0101010101010101ull

/* Call counters: how many SMCs with a given function ID (w1) reached the monitor since boot or the
 * last reset, counted on entry, before any check, so unknown and malformed IDs are included and a
 * query counts itself. SMC32: w1 = count (saturated at 0xffffffff). SMC64: x1 = count, x2 = calls
 * the monitor could not attribute because its table was full. RESET zeroes every count. */
#define SIP_CALL_COUNTER_GET 0x82000005u
#define SIP_CALL_COUNTER_GET64 0xc2000005u
#define SIP_CALL_COUNTER_RESET 0x82000006u
/* Every function ID counted, one table position at a time (SMC64): x1 = a position below
 * x3 of the answer (the number of positions); x0 = SUCCESS, x1 = the ID counted there with bit 32
 * set, or 0 for an empty position, x2 = its count on that CPU, x3 = the number of positions;
 * INVALID_PARAMETER past the end. An ID counted on several CPUs has one position per CPU. A
 * caller that walks every position sees every function ID that reached the monitor since the
 * last reset (plus its own walk), which GET cannot show for IDs nobody asks about. */
#define SIP_CALL_COUNTER_ENUM64 0xc2000009u

/* Register echo: what EL3 saw. ECHO: x0 = SUCCESS, x1..x17 = the registers as received, all 64
 * bits; for SMC32 the upper half of each of x1..x17 is set to SIP_ECHO_UPPER on the way back (a
 * result with upper bits, which only W counts for). The monitor keeps, per CPU, the raw x0..x16
 * of the last ECHO or ECHO64 call: ECHO_LAST (SMC64 only) returns x0 = SUCCESS, x1 = that raw x0,
 * x2..x17 = that raw x1..x16. */
#define SIP_ECHO 0x82000007u
#define SIP_ECHO64 0xc2000007u
#define SIP_ECHO_LAST64 0xc2000008u
#define SIP_ECHO_UPPER 0xec40ec40u

#define SIP_FUNCTION_COUNT 15u /* IDs above, SIP_CALL_COUNT included */

#endif
