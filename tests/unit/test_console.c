/* Host test of the kernel console (kernel/console.c, docs/console.md): components' lines whole
 * whatever their pieces, the break before a line due while the console guest is mid-line, the
 * guest's UARTDR/UARTFR answered in the kernel (and UARTFR left to the VMM while it holds
 * received data), and typed bytes kept until the VMM waits. The UART, IPC and GIC are stand-ins
 * that record what the console did. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include <kernel/console.h>
#include <kernel/ipc.h>
#include <kernel/object.h>
#include <warden/pl011.h>
#include <warden/syscall.h>
#include <warden/vmm_config.h>

/* --- stand-ins ------------------------------------------------------------------------------ */

static char wire[4096]; /* what reached the UART */
static size_t wire_len;
static u8 rx[64]; /* bytes the UART has received, not yet read */
static size_t rx_len, rx_pos;
static bool vmm_waits;
static u64 msg[8];
static u32 msg_len, msgs;
static u32 enabled_intid;

bool uart_init(const void *dtb)
{
	return true;
}

void uart_putc(u8 c)
{
	assert_true(wire_len < sizeof(wire) - 1);
	wire[wire_len++] = (char)c;
	wire[wire_len] = 0;
}

u32 uart_rx_intid(void)
{
	return 33;
}

void uart_rx_enable(void)
{
}

bool uart_getc(u8 *c)
{
	if (rx_pos == rx_len)
		return false;
	*c = rx[rx_pos++];
	return true;
}

bool ipc_kernel_message(struct endpoint *ep, u64 badge, u64 label, const u64 *mr, u32 len)
{
	if (!vmm_waits)
		return false;
	assert_int_equal(badge, CONSOLE_INPUT_BADGE);
	assert_int_equal(label, FAULT_CONSOLE_INPUT);
	memcpy(msg, mr, len * 8);
	msg_len = len;
	msgs++;
	vmm_waits = false; /* it handles the message */
	return true;
}

bool irq_is_bound(u32 intid)
{
	return false;
}

void gic_enable_irq(u32 intid, bool edge)
{
	enabled_intid = intid;
}

static struct aspace guest_as, other_as;
static struct endpoint ep;
static struct vcpu vc;
static struct tcb comp_a, comp_b, guest, stranger;

static void reset(void)
{
	wire_len = 0;
	wire[0] = 0;
	memset(&comp_a, 0, sizeof(comp_a));
	memset(&comp_b, 0, sizeof(comp_b));
}

/* A data-abort ISS: valid, size, SRT, write or read, SSE, SF. */
static u64 iss(u32 size, u32 srt, bool write, bool sse, bool sf)
{
	u32 sas = size == 1 ? 0 : size == 2 ? 1 : size == 4 ? 2 : 3;
	return (1u << 24) | (u64)sas << 22 | (sse ? 1u << 21 : 0) | (u64)srt << 16 |
	       (sf ? 1u << 15 : 0) | (write ? 1u << 6 : 0);
}

static int setup(void **state)
{
	guest.as = &guest_as;
	guest.vcpu = &vc;
	stranger.as = &other_as;
	stranger.vcpu = &vc;
	console_set_guest(&guest_as, &ep);
	return 0;
}

/* --- tests ---------------------------------------------------------------------------------- */

static void test_component_lines_whole(void **state)
{
	reset();
	/* Two components' pieces interleave; each line comes out whole, at its '\n'. */
	console_thread_write(&comp_a, "a: one ", 7);
	console_thread_write(&comp_b, "b: two", 6);
	assert_int_equal(wire_len, 0);
	console_thread_write(&comp_b, "\n", 1);
	console_thread_write(&comp_a, "piece\na: ", 9);
	assert_string_equal(wire, "b: two\r\na: one piece\r\n");
	/* What a thread leaves without '\n' is written when it exits (console_thread_flush). */
	console_thread_flush(&comp_a);
	assert_string_equal(wire, "b: two\r\na: one piece\r\na: \r\n");
	console_thread_flush(&comp_a);
	assert_string_equal(wire, "b: two\r\na: one piece\r\na: \r\n");
	/* A line longer than CONSOLE_LINE goes out in CONSOLE_LINE pieces. */
	reset();
	char big[CONSOLE_LINE + 10];
	memset(big, 'x', sizeof(big));
	console_thread_write(&comp_a, big, sizeof(big));
	assert_int_equal(wire_len, CONSOLE_LINE);
	/* A guest byte after that unfinished line starts a line of its own. */
	guest.regs.x[3] = 'g';
	console_guest_mmio(&guest, iss(1, 3, true, false, false), GUEST_UART_BASE + PL011_DR);
	assert_string_equal(wire + CONSOLE_LINE, "\r\ng");
	console_thread_flush(&comp_a);
	assert_string_equal(wire + CONSOLE_LINE, "\r\ng\r\nxxxxxxxxxx\r\n");
}

static void test_guest_raw_and_mid_line(void **state)
{
	reset();
	/* The guest's bytes go out as they come, unchanged. */
	const char *prompt = "/ # ";
	for (const char *c = prompt; *c; c++) {
		guest.regs.x[3] = (u8)*c;
		guest.regs.pc = 0x1000;
		assert_true(console_guest_mmio(&guest, iss(1, 3, true, false, false),
					       GUEST_UART_BASE + PL011_DR));
		assert_int_equal(guest.regs.pc, 0x1004);
	}
	assert_string_equal(wire, "/ # ");
	/* A component's line while the guest is mid-line: the guest's line is ended first. */
	console_thread_write(&comp_a, "smc-broker: hello\n", 18);
	assert_string_equal(wire, "/ # \r\nsmc-broker: hello\r\n");
	/* The guest continues on the fresh line; after its own '\n' no break is added. */
	guest.regs.x[3] = 'l';
	console_guest_mmio(&guest, iss(4, 3, true, false, false), GUEST_UART_BASE + PL011_DR);
	guest.regs.x[3] = '\n';
	console_guest_mmio(&guest, iss(4, 3, true, false, false), GUEST_UART_BASE + PL011_DR);
	console_write("warden: k\n", 10);
	assert_string_equal(wire, "/ # \r\nsmc-broker: hello\r\nl\nwarden: k\r\n");
	/* xzr stores a 0. */
	reset();
	console_guest_mmio(&guest, iss(1, 31, true, false, false), GUEST_UART_BASE + PL011_DR);
	assert_int_equal(wire_len, 1);
	assert_int_equal(wire[0], 0);
}

static void test_guest_fr_and_what_goes_to_the_vmm(void **state)
{
	reset();
	/* UARTFR: 0x90, zero- or sign-extended as the load says. */
	guest.regs.x[5] = 7;
	assert_true(
	    console_guest_mmio(&guest, iss(4, 5, false, false, false), GUEST_UART_BASE + PL011_FR));
	assert_int_equal(guest.regs.x[5], PL011_FR_TXFE | PL011_FR_RXFE);
	assert_true(
	    console_guest_mmio(&guest, iss(1, 5, false, true, true), GUEST_UART_BASE + PL011_FR));
	assert_int_equal(guest.regs.x[5], 0xffffffffffffff90ull);
	assert_true(
	    console_guest_mmio(&guest, iss(1, 5, false, true, false), GUEST_UART_BASE + PL011_FR));
	assert_int_equal(guest.regs.x[5], 0xffffff90ull);
	/* While the VMM's model holds received data, UARTFR is the VMM's. */
	assert_true(console_set_rx_pending(&guest, true));
	assert_false(
	    console_guest_mmio(&guest, iss(4, 5, false, false, false), GUEST_UART_BASE + PL011_FR));
	assert_true(console_set_rx_pending(&guest, false));
	/* Everything else goes to the VMM: UARTDR loads, other registers and offsets, no valid
	 * syndrome, another guest; and only the console guest's vCPUs may set the state. */
	assert_false(
	    console_guest_mmio(&guest, iss(4, 5, false, false, false), GUEST_UART_BASE + PL011_DR));
	assert_false(console_guest_mmio(&guest, iss(4, 5, true, false, false),
					GUEST_UART_BASE + PL011_IMSC));
	assert_false(console_guest_mmio(&guest, iss(1, 5, true, false, false),
					GUEST_UART_BASE + PL011_DR + 1));
	assert_false(console_guest_mmio(&guest, iss(4, 5, true, false, false) & ~(1ull << 24),
					GUEST_UART_BASE + PL011_DR));
	assert_false(console_guest_mmio(&stranger, iss(4, 5, true, false, false),
					GUEST_UART_BASE + PL011_DR));
	assert_false(console_set_rx_pending(&stranger, true));
	assert_false(console_set_rx_pending(&comp_a, true));
	assert_int_equal(wire_len, 0);
}

static void test_input_waits_for_the_vmm(void **state)
{
	console_start_input();
	assert_int_equal(enabled_intid, 33);
	/* Not the UART's interrupt: not the console's. */
	assert_false(console_irq(34));
	/* Typed while the VMM is busy: kept, delivered at the next poll at which it waits. */
	memcpy(rx, "echo hi\r", 8);
	rx_len = 8;
	rx_pos = 0;
	vmm_waits = false;
	assert_true(console_irq(33));
	assert_int_equal(msgs, 0);
	console_poll();
	assert_int_equal(msgs, 0);
	vmm_waits = true;
	console_poll();
	assert_int_equal(msgs, 1);
	assert_int_equal(msg_len, 2);
	assert_int_equal(msg[0], 8);
	assert_memory_equal(&msg[1], "echo hi\r", 8);
	/* More than one message holds: CONSOLE_INPUT_MAX per message, the rest at the next. */
	for (u32 i = 0; i < 50; i++)
		rx[i] = (u8)('A' + i % 26);
	rx_len = 50;
	rx_pos = 0;
	vmm_waits = true;
	console_irq(33);
	assert_int_equal(msgs, 2);
	assert_int_equal(msg[0], CONSOLE_INPUT_MAX);
	vmm_waits = true;
	console_poll();
	assert_int_equal(msgs, 3);
	assert_int_equal(msg[0], 10);
	assert_int_equal((u8)msg[1], 'A' + 40 % 26);
	console_poll();
	assert_int_equal(msgs, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_component_lines_whole),
	    cmocka_unit_test(test_guest_raw_and_mid_line),
	    cmocka_unit_test(test_guest_fr_and_what_goes_to_the_vmm),
	    cmocka_unit_test(test_input_waits_for_the_vmm),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
