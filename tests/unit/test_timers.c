/* Host tests of the software timer queue (kernel/timer_queue.c: order, moves, removal, what is
 * due) and of the generic timer's register arithmetic the kernel emulates (kernel/gtimer.h:
 * TVAL's signed 32-bit view, ISTATUS, the interrupt line, the deadline). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <kernel/gtimer.h>
#include <kernel/timer_queue.h>

static struct timer_queue q;
static struct timer_event ev[5];

static void reset(void)
{
	q.head = NULL;
	for (int i = 0; i < 5; i++)
		ev[i] = (struct timer_event){0};
}

/* The queue's events in order, as indices into ev; -1 ends. */
static void assert_order(const int *want)
{
	struct timer_event *e = q.head, *prev = NULL;
	int i = 0;

	for (; want[i] >= 0; i++) {
		assert_non_null(e);
		assert_ptr_equal(e, &ev[want[i]]);
		assert_ptr_equal(e->prev, prev);
		assert_true(e->queued);
		if (prev)
			assert_true(prev->deadline <= e->deadline);
		prev = e;
		e = e->next;
	}
	assert_null(e);
}

static void sorted_and_fifo_for_equal_deadlines(void **unused)
{
	reset();
	assert_int_equal(timer_queue_next(&q), TIMER_NEVER);
	timer_queue_add(&q, &ev[0], 300);
	timer_queue_add(&q, &ev[1], 100);
	timer_queue_add(&q, &ev[2], 200);
	timer_queue_add(&q, &ev[3], 100); /* after ev[1]: same deadline, queued later */
	assert_order((int[]){1, 3, 2, 0, -1});
	assert_int_equal(timer_queue_next(&q), 100);
}

static void re_adding_moves_the_event(void **unused)
{
	reset();
	timer_queue_add(&q, &ev[0], 100);
	timer_queue_add(&q, &ev[1], 200);
	timer_queue_add(&q, &ev[2], 300);
	timer_queue_add(&q, &ev[0], 250); /* the head moves to the middle */
	assert_order((int[]){1, 0, 2, -1});
	timer_queue_add(&q, &ev[2], 50); /* the tail moves to the head */
	assert_order((int[]){2, 1, 0, -1});
	timer_queue_add(&q, &ev[1], 200); /* same place, same deadline */
	assert_order((int[]){2, 1, 0, -1});
}

static void remove_anywhere_and_twice(void **unused)
{
	reset();
	for (int i = 0; i < 4; i++)
		timer_queue_add(&q, &ev[i], 10 * (u64)(i + 1));
	timer_queue_remove(&q, &ev[2]); /* middle */
	assert_order((int[]){0, 1, 3, -1});
	timer_queue_remove(&q, &ev[0]); /* head */
	assert_order((int[]){1, 3, -1});
	timer_queue_remove(&q, &ev[3]); /* tail */
	assert_order((int[]){1, -1});
	timer_queue_remove(&q, &ev[3]); /* not queued: nothing */
	assert_order((int[]){1, -1});
	assert_false(ev[3].queued);
	assert_null(ev[3].next);
	timer_queue_remove(&q, &ev[1]);
	assert_null(q.head);
	assert_int_equal(timer_queue_next(&q), TIMER_NEVER);
}

static void pop_due_takes_only_what_has_passed(void **unused)
{
	reset();
	timer_queue_add(&q, &ev[0], 100);
	timer_queue_add(&q, &ev[1], 150);
	timer_queue_add(&q, &ev[2], 151);
	assert_null(timer_queue_pop_due(&q, 99));
	assert_ptr_equal(timer_queue_pop_due(&q, 150), &ev[0]);
	assert_false(ev[0].queued);
	assert_ptr_equal(timer_queue_pop_due(&q, 150), &ev[1]); /* deadline == now is due */
	assert_null(timer_queue_pop_due(&q, 150));
	assert_order((int[]){2, -1});
	assert_ptr_equal(timer_queue_pop_due(&q, TIMER_NEVER - 1), &ev[2]);
	assert_null(timer_queue_pop_due(&q, TIMER_NEVER));
}

/* CNTP_TVAL: reads (CVAL - count)[31:0]; a write sets CVAL = count + sign-extended value. */
static void tval_is_signed_32_bit(void **unused)
{
	assert_int_equal(gtimer_tval_read(1000, 400), 600);
	assert_int_equal(gtimer_tval_read(400, 1000), 0xfffffda8); /* -600, upper bits 0 */
	assert_int_equal(gtimer_tval_read(0x100000005ull, 1), 4);  /* only bits 31:0 */
	assert_int_equal(gtimer_cval_from_tval(600, 400), 1000);
	assert_int_equal(gtimer_cval_from_tval(0xfffffda8, 1000), 400);	       /* negative */
	assert_int_equal(gtimer_cval_from_tval(0xffffffff00000010ull, 5), 21); /* 63:32 ignored */
	assert_int_equal(gtimer_cval_from_tval(0x80000000u, 0x100000000ull), 0x80000000ull);
}

static void ctl_status_and_line(void **unused)
{
	u64 on = CNT_CTL_ENABLE, masked = CNT_CTL_ENABLE | CNT_CTL_IMASK;

	assert_false(gtimer_istatus(on, 100, 99));
	assert_true(gtimer_istatus(on, 100, 100));
	assert_false(gtimer_istatus(0, 100, 200)); /* disabled: no status */
	assert_true(gtimer_istatus(masked, 100, 200));
	assert_true(gtimer_level(on, 100, 200));
	assert_false(gtimer_level(masked, 100, 200)); /* IMASK holds the line low */
	assert_false(gtimer_level(on, 100, 50));
	/* Read: ENABLE and IMASK as written, ISTATUS computed; write: only ENABLE and IMASK. */
	assert_int_equal(gtimer_ctl_read(masked, 100, 200), masked | CNT_CTL_ISTATUS);
	assert_int_equal(gtimer_ctl_read(on, 100, 50), on);
	assert_int_equal(gtimer_ctl_write(0xffffffffffffffffull), masked);
	assert_int_equal(gtimer_ctl_write(CNT_CTL_ISTATUS), 0);
	/* A deadline only for an enabled, unmasked timer. */
	assert_int_equal(gtimer_deadline(on, 1234), 1234);
	assert_int_equal(gtimer_deadline(masked, 1234), ~0ull);
	assert_int_equal(gtimer_deadline(CNT_CTL_IMASK, 1234), ~0ull);
	assert_int_equal(gtimer_deadline(0, 1234), ~0ull);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(sorted_and_fifo_for_equal_deadlines),
	    cmocka_unit_test(re_adding_moves_the_event),
	    cmocka_unit_test(remove_anywhere_and_twice),
	    cmocka_unit_test(pop_due_takes_only_what_has_passed),
	    cmocka_unit_test(tval_is_signed_32_bit),
	    cmocka_unit_test(ctl_status_and_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
