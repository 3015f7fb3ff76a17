/* Unit tests: the VMM's data-abort decode and its PL011 register model
 * (user/vmm/vmm.c, user/vmm/devices.c), plus the other vCPU traps. */
#include "test_vmm_mock.h"

/* ESR of a data abort from a lower EL (EC 0x24) with a valid syndrome. */
static u64 esr(u32 size, u32 srt, bool write, bool sse, bool sf)
{
	u32 sas = size == 1 ? 0 : size == 2 ? 1 : size == 4 ? 2 : 3;

	return (0x24ull << 26) | (1u << 25) | ESR_DABT_ISV | (u64)sas << 22 | (u64)srt << 16 |
	       (sse ? ESR_DABT_SSE : 0) | (sf ? ESR_DABT_SF : 0) | (write ? ESR_DABT_WNR : 0);
}

/* A guest read of size bytes at ipa into x<srt>; returns the value the reply sets. */
static u64 rd_ext(u32 vcpu, u64 ipa, u32 size, bool sse, bool sf)
{
	struct vmm_reply r;

	assert_int_equal(
	    fault(vcpu, FAULT_VCPU_DATA_ABORT, esr(size, 5, false, sse, sf), ipa, 0, NULL, &r),
	    VMM_OUT_REPLY);
	assert_int_equal(r.flags, FAULT_REPLY_ADVANCE);
	assert_int_equal(r.first, 5);
	assert_int_equal(r.count, 1);
	return r.values[0];
}

static u64 rd(u64 ipa, u32 size)
{
	return rd_ext(0, ipa, size, false, size == 8);
}

static void wr_cpu(u32 vcpu, u64 ipa, u32 size, u64 val)
{
	struct vmm_reply r;

	assert_int_equal(fault(vcpu, FAULT_VCPU_DATA_ABORT, esr(size, 3, true, false, size == 8),
			       ipa, val, NULL, &r),
			 VMM_OUT_REPLY);
	assert_int_equal(r.flags, FAULT_REPLY_ADVANCE);
	assert_int_equal(r.count, 0);
}

static void wr(u64 ipa, u32 size, u64 val)
{
	wr_cpu(0, ipa, size, val);
}

#define UART(off) (GUEST_UART_BASE + (off))
#define GICD(off) (GUEST_GICD_BASE + (off))
#define GICR(cpu, off) (GUEST_GICR_BASE + (u64)(cpu)*GUEST_GICR_STRIDE + (off))

static void puts_uart(const char *s)
{
	for (; *s; s++)
		wr(UART(PL011_DR), 4, (u8)*s);
}

static void test_uart_output(void **state)
{
	setup_vm(&cfg_a);
	puts_uart("hello\r\nworld");
	assert_string_equal(mock.out, "a: hello\n");
	puts_uart("\n\n");
	assert_string_equal(mock.out, "a: hello\na: world\na: \n");
	/* Byte writes to DR work as well; upper bits of the written value are ignored. */
	mock.out_len = 0;
	mock.out[0] = 0;
	wr(UART(PL011_DR), 1, 'x');
	wr(UART(PL011_DR), 2, 0xff00 | 'y');
	wr(UART(PL011_DR), 4, 0x12345600 | '\n');
	assert_string_equal(mock.out, "a: xy\n");
	/* A long line is split; a partial line is flushed when the guest stops. */
	mock.out_len = 0;
	mock.out[0] = 0;
	for (int i = 0; i < VMM_UART_LINE + 3; i++)
		wr(UART(PL011_DR), 4, 'z');
	assert_int_equal(strlen(mock.out), 3 + VMM_UART_LINE + 1);
	vmm_stop_guest(&vm);
	assert_string_equal(mock.out + 3 + VMM_UART_LINE + 1, "a: zzz\n");
}

static void test_uart_registers(void **state)
{
	setup_vm(&cfg_a);
	assert_int_equal(rd(UART(PL011_FR), 4), 0x90);
	assert_int_equal(rd(UART(PL011_FR), 2), 0x90);
	assert_int_equal(rd(UART(PL011_DR), 4), 0);
	assert_int_equal(rd(UART(PL011_CR), 4), 0x300);
	wr(UART(PL011_CR), 4, 0x301);
	wr(UART(PL011_IBRD), 4, 0x27);
	wr(UART(PL011_FBRD), 4, 0x4);
	wr(UART(PL011_LCR_H), 4, 0x70);
	wr(UART(PL011_IMSC), 2, 0x50);
	wr(UART(PL011_IFLS), 4, 0x12);
	wr(UART(PL011_DMACR), 4, 0);
	assert_int_equal(rd(UART(PL011_CR), 4), 0x301);
	assert_int_equal(rd(UART(PL011_IBRD), 4), 0x27);
	assert_int_equal(rd(UART(PL011_FBRD), 4), 0x4);
	assert_int_equal(rd(UART(PL011_LCR_H), 4), 0x70);
	assert_int_equal(rd(UART(PL011_IMSC), 4), 0x50);
	assert_int_equal(rd(UART(PL011_IFLS), 4), 0x12);
	/* Byte write to the second byte of CR keeps the first. */
	wr(UART(PL011_CR + 1), 1, 0x01);
	assert_int_equal(rd(UART(PL011_CR), 4), 0x101);
	const u8 id[8] = {0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1};
	for (int i = 0; i < 8; i++)
		assert_int_equal(rd(UART(PL011_PERIPHID0 + 4 * i), 4), id[i]);
	/* Unknown offsets read as zero; writes to them are ignored and print nothing. */
	wr(UART(0x800), 4, 0xffffffff);
	assert_int_equal(rd(UART(0x800), 4), 0);
	/* TXRIS: the transmit FIFO (always empty) is below its trigger level. */
	assert_int_equal(rd(UART(PL011_RIS), 4), PL011_INT_TX);
	assert_int_equal(mock.out_len, 0);
}

/* Typed bytes as the kernel sends them (FAULT_CONSOLE_INPUT, badge CONSOLE_INPUT_BADGE). */
static enum vmm_outcome type_bytes(const char *s)
{
	u64 mr[1 + CONSOLE_INPUT_MAX / 8] = {strlen(s)};
	struct vmm_reply r;

	for (size_t i = 0; s[i]; i++)
		mr[1 + i / 8] |= (u64)(u8)s[i] << (8 * (i % 8));
	return vmm_handle_fault(&vm, CONSOLE_INPUT_BADGE, FAULT_CONSOLE_INPUT, mr,
				1 + (u32)(strlen(s) + 7) / 8, &r);
}

/* What Linux's amba-pl011 does at startup: FIFOs on, RX trigger at 1/2, enabled, RX and RT
 * interrupts unmasked. */
static void linux_uart_startup(void)
{
	wr(UART(PL011_LCR_H), 4, 0x70);
	wr(UART(PL011_IFLS), 4, 0x12);
	wr(UART(PL011_CR), 4, 0x301);
	wr(UART(PL011_ICR), 4, 0x7ff);
	wr(UART(PL011_IMSC), 4, PL011_INT_RX | PL011_INT_RT);
}

static void test_uart_input(void **state)
{
	struct vmm_config con = cfg_a;

	con.flags = VMM_CFG_CONSOLE;
	setup_vm(&con);
	linux_uart_startup();
	assert_int_equal(mock.irq_pushes, 0);
	assert_int_equal(rd(UART(PL011_FR), 4), PL011_FR_TXFE | PL011_FR_RXFE);
	assert_int_equal(rd(UART(PL011_MIS), 4), 0);

	/* Two bytes: below the trigger level, so the receive timeout raises the line. */
	assert_int_equal(type_bytes("ab"), VMM_OUT_NO_REPLY);
	assert_int_equal(mock.rx_reports, 1);
	assert_true(mock.rx_data);
	assert_int_equal(mock.irq_pushes, 1);
	assert_int_equal(mock.irq_intid, PL011_INTID);
	assert_true(mock.irq_level);
	assert_int_equal(rd(UART(PL011_RIS), 4), PL011_INT_TX | PL011_INT_RT);
	assert_int_equal(rd(UART(PL011_MIS), 4), PL011_INT_RT);
	assert_int_equal(rd(UART(PL011_FR), 4), PL011_FR_TXFE);
	assert_int_equal(rd(UART(PL011_DR), 4), 'a');
	assert_true(mock.irq_level);
	assert_int_equal(rd(UART(PL011_DR), 4), 'b');
	/* Drained: the line drops, the kernel answers FR again. */
	assert_false(mock.irq_level);
	assert_int_equal(mock.irq_pushes, 2);
	assert_false(mock.rx_data);
	assert_int_equal(mock.rx_reports, 2);
	assert_int_equal(rd(UART(PL011_FR), 4), PL011_FR_TXFE | PL011_FR_RXFE);
	assert_int_equal(rd(UART(PL011_DR), 4), 0);
	assert_int_equal(rd(UART(PL011_MIS), 4), 0);

	/* Eight bytes reach the trigger level (IFLS 1/2 of 16): RXRIS too, until a read brings the
	 * FIFO below it. */
	type_bytes("01234567");
	assert_int_equal(rd(UART(PL011_RIS), 4), PL011_INT_TX | PL011_INT_RT | PL011_INT_RX);
	assert_int_equal(rd(UART(PL011_DR), 4), '0');
	assert_int_equal(rd(UART(PL011_RIS), 4), PL011_INT_TX | PL011_INT_RT);
	/* ICR clears RTRIS with data left: the line drops until the next byte. */
	wr(UART(PL011_ICR), 4, PL011_INT_RT);
	assert_false(mock.irq_level);
	assert_int_equal(rd(UART(PL011_FR), 4), PL011_FR_TXFE);
	type_bytes("8");
	assert_true(mock.irq_level);
	for (const char *c = "12345678"; *c; c++)
		assert_int_equal(rd(UART(PL011_DR), 4), *c);
	assert_false(mock.irq_level);

	/* IMSC masks: data pending, line low; unmasking raises it. */
	wr(UART(PL011_IMSC), 4, 0);
	type_bytes("x");
	assert_false(mock.irq_level);
	wr(UART(PL011_IMSC), 4, PL011_INT_RT);
	assert_true(mock.irq_level);
	assert_int_equal(rd(UART(PL011_DR), 4), 'x');
	assert_false(mock.irq_level);

	/* A burst longer than the FIFO waits on the line and enters as the guest reads. */
	type_bytes("abcdefghijklmnopq");
	assert_int_equal(rd(UART(PL011_FR), 4), PL011_FR_TXFE | PL011_FR_RXFF);
	assert_int_equal(vm.uart.rx_count, 16);
	for (const char *c = "abcdefghijklmnopq"; *c; c++)
		assert_int_equal(rd(UART(PL011_DR), 4), *c);
	assert_int_equal(rd(UART(PL011_FR), 4), PL011_FR_TXFE | PL011_FR_RXFE);
	assert_int_equal(rd(UART(PL011_RIS), 4), PL011_INT_TX);
	/* Past FIFO and line (16 + VMM_UART_BACKLOG): bytes are lost, OERIS and RSR.OE say so
	 * and the next byte read carries OE. */
	char burst[41];
	memset(burst, 'o', 40);
	burst[40] = 0;
	for (u32 i = 0; i < (PL011_FIFO_DEPTH + VMM_UART_BACKLOG + 39) / 40; i++)
		type_bytes(burst);
	u32 lost = (PL011_FIFO_DEPTH + VMM_UART_BACKLOG + 39) / 40 * 40 - PL011_FIFO_DEPTH -
		   VMM_UART_BACKLOG;
	assert_int_equal(vm.uart.rx_dropped, lost);
	assert_int_equal(rd(UART(PL011_RIS), 4) & PL011_INT_OE, PL011_INT_OE);
	assert_int_equal(rd(UART(PL011_RSR), 4), PL011_DR_OE >> 8);
	assert_int_equal(rd(UART(PL011_DR), 4), PL011_DR_OE | 'o');
	wr(UART(PL011_RSR), 4, 0);
	wr(UART(PL011_ICR), 4, PL011_INT_OE);
	for (u32 i = 1; i < PL011_FIFO_DEPTH + VMM_UART_BACKLOG; i++)
		assert_int_equal(rd(UART(PL011_DR), 4), 'o');
	assert_int_equal(rd(UART(PL011_RIS), 4), PL011_INT_TX);

	/* TXRIS holds (the transmit FIFO is always empty): unmasked, the line stays up after ICR,
	 * until the driver masks it again, as amba-pl011 does once it has nothing to send. */
	wr(UART(PL011_IMSC), 4, PL011_INT_TX);
	assert_true(mock.irq_level);
	wr(UART(PL011_ICR), 4, PL011_INT_TX);
	assert_true(mock.irq_level);
	wr(UART(PL011_IMSC), 4, PL011_INT_RX | PL011_INT_RT);
	assert_false(mock.irq_level);

	/* FIFOs off: one byte of holding register. Receiver off: nothing received. */
	wr(UART(PL011_LCR_H), 4, 0x60);
	type_bytes("yz");
	assert_int_equal(rd(UART(PL011_FR), 4), PL011_FR_TXFE | PL011_FR_RXFF);
	assert_int_equal(rd(UART(PL011_DR), 4), 'y');
	assert_int_equal(rd(UART(PL011_DR), 4), 'z');
	assert_int_equal(rd(UART(PL011_FR), 4), PL011_FR_TXFE | PL011_FR_RXFE);
	wr(UART(PL011_CR), 4, 0x101);
	type_bytes("n");
	assert_int_equal(rd(UART(PL011_FR), 4), PL011_FR_TXFE | PL011_FR_RXFE);
	assert_int_equal(vm.uart.rx_dropped, lost + 1);

	/* A reset empties the FIFO and drops the line. */
	wr(UART(PL011_CR), 4, 0x301);
	type_bytes("r");
	assert_true(mock.irq_level);
	pl011_reset(&vm);
	assert_false(mock.irq_level);
	assert_false(mock.rx_data);
	assert_int_equal(rd(UART(PL011_FR), 4), PL011_FR_TXFE | PL011_FR_RXFE);
}

/* Only the console guest's VMM takes input, and only with the kernel's badge. */
static void test_uart_input_refused(void **state)
{
	u64 mr[2] = {1, 'q'};
	struct vmm_reply r;

	setup_vm(&cfg_a);
	linux_uart_startup();
	assert_int_equal(type_bytes("q"), VMM_OUT_NO_REPLY);
	assert_int_equal(rd(UART(PL011_FR), 4), PL011_FR_TXFE | PL011_FR_RXFE);
	assert_int_equal(mock.rx_reports, 0);
	assert_non_null(strstr(mock.out, "from unknown badge"));
	struct vmm_config con = cfg_a;
	con.flags = VMM_CFG_CONSOLE;
	setup_vm(&con);
	linux_uart_startup();
	/* From a vCPU's badge it is no input (an unexpected label: the guest stops). */
	assert_int_equal(vmm_handle_fault(&vm, 0, FAULT_CONSOLE_INPUT, mr, 2, &r), VMM_OUT_EXIT);
	assert_int_equal(vm.uart.rx_count, 0);
	/* A count beyond the message is cut to what it carries. */
	setup_vm(&con);
	linux_uart_startup();
	mr[0] = 200;
	assert_int_equal(vmm_handle_fault(&vm, CONSOLE_INPUT_BADGE, FAULT_CONSOLE_INPUT, mr, 2, &r),
			 VMM_OUT_NO_REPLY);
	assert_int_equal(vm.uart.rx_count, 8);
}

static void test_sign_extension_and_xzr(void **state)
{
	struct vmm_reply r;

	setup_vm(&cfg_a);
	/* CellID1 = 0xf0: ldrsb w5 -> 0xfffffff0, ldrsb x5 -> all ones above, ldrb -> 0xf0. */
	assert_int_equal(rd_ext(0, UART(PL011_CELLID0 + 4), 1, true, false), 0xfffffff0ull);
	assert_int_equal(rd_ext(0, UART(PL011_CELLID0 + 4), 1, true, true), 0xfffffffffffffff0ull);
	assert_int_equal(rd_ext(0, UART(PL011_CELLID0 + 4), 1, false, false), 0xf0);
	assert_int_equal(rd_ext(0, UART(PL011_PERIPHID0), 1, true, true), 0x11);
	/* A read into xzr sets nothing but still advances. */
	assert_int_equal(fault(0, FAULT_VCPU_DATA_ABORT, esr(4, 31, false, false, false),
			       UART(PL011_FR), 0, NULL, &r),
			 VMM_OUT_REPLY);
	assert_int_equal(r.flags, FAULT_REPLY_ADVANCE);
	assert_int_equal(r.count, 0);
}

static void test_unhandled_aborts(void **state)
{
	struct vmm_reply r;
	char want[200];

	setup_vm(&cfg_a);
	puts_uart("partial");
	/* ISV = 0 at a device address: reported, guest stopped. */
	u64 e = (0x24ull << 26) | (1u << 25) | ESR_DABT_WNR;
	assert_int_equal(fault(0, FAULT_VCPU_DATA_ABORT, e, UART(PL011_DR), 0, NULL, &r),
			 VMM_OUT_EXIT);
	snprintf(want, sizeof(want),
		 "a: partial\nvmm[a]: vCPU 0: unhandled data abort without a valid syndrome at IPA "
		 "0x%lx (pc 0x40201000, ESR 0x%lx)\nvmm[a]: guest stopped for a fault\n",
		 (unsigned long)UART(PL011_DR), (unsigned long)e);
	assert_int_equal(strncmp(mock.out, want, strlen(want)), 0);
	assert_int_equal(mock.suspends, 3);
	assert_true(vm.fault_stopped); /* the VMM exits with 1 */
	/* Unbacked addresses, including a redistributor frame past the last vCPU, with or without
	 * a syndrome: an external abort for the guest (the kernel builds it), nothing printed, no
	 * vCPU stopped; with on_unmapped="stop", the guest stops and the message names the vCPU. */
	const u64 bad[] = {0x0, 0x09001000, GICR(3, 0), 0x0a000000, GUEST_GICD_BASE - 4};
	struct vmm_config stop = cfg_a;
	stop.flags = VMM_CFG_STOP_ON_UNMAPPED;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		for (int isv = 0; isv < 2; isv++) {
			u64 e2 =
			    isv ? esr(4, 1, false, false, false) : (0x24ull << 26) | (1u << 25);
			setup_vm(&cfg_a);
			assert_int_equal(fault(1, FAULT_VCPU_DATA_ABORT, e2, bad[i], 0, NULL, &r),
					 VMM_OUT_REPLY);
			assert_int_equal(r.flags, FAULT_REPLY_INJECT_SEA);
			assert_int_equal(r.count, 0);
			assert_int_equal(mock.suspends, 0);
			assert_int_equal(mock.out[0], 0);
			assert_false(vm.fault_stopped);
			setup_vm(&stop);
			assert_int_equal(fault(1, FAULT_VCPU_DATA_ABORT, e2, bad[i], 0, NULL, &r),
					 VMM_OUT_EXIT);
			snprintf(want, sizeof(want),
				 "vmm[a]: vCPU 1: data abort at unbacked IPA 0x%lx",
				 (unsigned long)bad[i]);
			assert_non_null(strstr(mock.out, want));
			assert_non_null(strstr(mock.out, "on_unmapped=\"stop\""));
			assert_non_null(strstr(mock.out, "guest stopped for a fault"));
			assert_int_equal(mock.suspends, 3);
			assert_true(vm.fault_stopped);
		}
	}
	/* A fetch that faults: the same. */
	setup_vm(&cfg_a);
	assert_int_equal(fault(0, FAULT_VCPU_INSTR_ABORT, 0x82000006, 0x1000, 0, NULL, &r),
			 VMM_OUT_REPLY);
	assert_int_equal(r.flags, FAULT_REPLY_INJECT_SEA);
	setup_vm(&stop);
	assert_int_equal(fault(0, FAULT_VCPU_INSTR_ABORT, 0x82000006, 0x1000, 0, NULL, &r),
			 VMM_OUT_EXIT);
	assert_non_null(
	    strstr(mock.out, "vmm[a]: vCPU 0: instruction fetch at unbacked IPA 0x1000"));
	/* Flags the VMM does not know are refused at start. */
	struct vmm vm2;
	stop.flags = 4;
	assert_string_equal(vmm_init(&vm2, &stop, &mock_ops, NULL), "unknown flags");
}

static void test_other_traps(void **state)
{
	struct vmm_reply r;

	setup_vm(&cfg_a);
	assert_int_equal(fault(0, FAULT_VCPU_WFX, 0x04000001, 0, 0, NULL, &r), VMM_OUT_REPLY);
	assert_int_equal(r.flags, FAULT_REPLY_ADVANCE);
	assert_int_equal(r.count, 0);
	const u64 stop[] = {FAULT_VCPU_SYSREG, FAULT_VCPU_OTHER};
	const char *what[] = {"vmm[a]: vCPU 0: unhandled system register access",
			      "vmm[a]: vCPU 0: unhandled trap"};
	for (size_t i = 0; i < ARRAY_SIZE(stop); i++) {
		setup_vm(&cfg_a);
		assert_int_equal(fault(0, stop[i], 0x62000000, 0x1000, 0, NULL, &r), VMM_OUT_EXIT);
		assert_non_null(strstr(mock.out, what[i]));
		assert_int_equal(mock.suspends, 3);
	}
}

/* The GIC is the kernel's (tests/unit/test_vgic.c): its frames are unbacked for the VMM, which
 * sees an access there only without a syndrome (the kernel emulates the others). */
static void test_gic_not_the_vmm(void **state)
{
	struct vmm_reply r;
	u64 e = (0x24ull << 26) | (1u << 25);
	const u64 gic[] = {GICD(0), GICD(0xffe8), GICR(0, 0x14), GICR(2, 0x10100)};
	for (size_t i = 0; i < ARRAY_SIZE(gic); i++) {
		setup_vm(&cfg_a);
		assert_int_equal(fault(0, FAULT_VCPU_DATA_ABORT, e, gic[i], 0, NULL, &r),
				 VMM_OUT_REPLY);
		assert_int_equal(r.flags, FAULT_REPLY_INJECT_SEA);
	}
}

static void test_reset_clears_devices(void **state)
{
	u64 x[18] = {PSCI_SYSTEM_RESET};
	struct vmm_reply r;

	setup_vm(&cfg_a);
	wr(UART(PL011_IMSC), 4, 0x10);
	assert_int_equal(mock.vgic_resets, 0);
	assert_int_equal(fault(0, FAULT_VCPU_SMC, 0, 0, 0, x, &r), VMM_OUT_NO_REPLY);
	assert_int_equal(rd(UART(PL011_IMSC), 4), 0);
	assert_int_equal(mock.vgic_resets, 1); /* the kernel's vGIC: VCPU_RESET_VGIC */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_uart_output),
	    cmocka_unit_test(test_uart_registers),
	    cmocka_unit_test(test_sign_extension_and_xzr),
	    cmocka_unit_test(test_unhandled_aborts),
	    cmocka_unit_test(test_uart_input),
	    cmocka_unit_test(test_uart_input_refused),
	    cmocka_unit_test(test_other_traps),
	    cmocka_unit_test(test_gic_not_the_vmm),
	    cmocka_unit_test(test_reset_clears_devices),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
