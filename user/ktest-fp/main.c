/* Kernel test: FP/SIMD registers survive context switches. Two instances of equal priority
 * (slot 2: a notification whose badge, 1 or 2, tells them apart) load distinct values into
 * q0..q31, then yield to each other and spin (so the timer preempts too) several times, all
 * without touching FP/SIMD, and check every register afterwards. */
#include <warden/check.h>

#define ROUNDS 8

static u64 in[64] __attribute__((aligned(16)));
static u64 out[64] __attribute__((aligned(16)));

int main(void)
{
	u64 d[3] = {0};

	w_cnode_describe(1, 2, d);
	u64 me = d[2];
	for (u32 i = 0; i < 64; i++)
		in[i] = (me << 56) | (0x0101010101ull * i) | (u64)i << 48;

	__asm__ volatile("ldp q0, q1, [%[in], #0]\n\t"
			 "ldp q2, q3, [%[in], #32]\n\t"
			 "ldp q4, q5, [%[in], #64]\n\t"
			 "ldp q6, q7, [%[in], #96]\n\t"
			 "ldp q8, q9, [%[in], #128]\n\t"
			 "ldp q10, q11, [%[in], #160]\n\t"
			 "ldp q12, q13, [%[in], #192]\n\t"
			 "ldp q14, q15, [%[in], #224]\n\t"
			 "ldp q16, q17, [%[in], #256]\n\t"
			 "ldp q18, q19, [%[in], #288]\n\t"
			 "ldp q20, q21, [%[in], #320]\n\t"
			 "ldp q22, q23, [%[in], #352]\n\t"
			 "ldp q24, q25, [%[in], #384]\n\t"
			 "ldp q26, q27, [%[in], #416]\n\t"
			 "ldp q28, q29, [%[in], #448]\n\t"
			 "ldp q30, q31, [%[in], #480]\n\t"
			 "mov x9, %[rounds]\n\t"
			 "1: svc #7\n\t" /* SYS_YIELD */
			 "mov x10, #0x80000\n\t"
			 "2: subs x10, x10, #1\n\t"
			 "b.ne 2b\n\t"
			 "subs x9, x9, #1\n\t"
			 "b.ne 1b\n\t"
			 "stp q0, q1, [%[out], #0]\n\t"
			 "stp q2, q3, [%[out], #32]\n\t"
			 "stp q4, q5, [%[out], #64]\n\t"
			 "stp q6, q7, [%[out], #96]\n\t"
			 "stp q8, q9, [%[out], #128]\n\t"
			 "stp q10, q11, [%[out], #160]\n\t"
			 "stp q12, q13, [%[out], #192]\n\t"
			 "stp q14, q15, [%[out], #224]\n\t"
			 "stp q16, q17, [%[out], #256]\n\t"
			 "stp q18, q19, [%[out], #288]\n\t"
			 "stp q20, q21, [%[out], #320]\n\t"
			 "stp q22, q23, [%[out], #352]\n\t"
			 "stp q24, q25, [%[out], #384]\n\t"
			 "stp q26, q27, [%[out], #416]\n\t"
			 "stp q28, q29, [%[out], #448]\n\t"
			 "stp q30, q31, [%[out], #480]\n\t"
			 :
			 : [in] "r"(in), [out] "r"(out), [rounds] "r"((u64)ROUNDS)
			 : "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "v0",
			   "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11",
			   "v12", "v13", "v14", "v15", "v16", "v17", "v18", "v19", "v20", "v21",
			   "v22", "v23", "v24", "v25", "v26", "v27", "v28", "v29", "v30", "v31",
			   "cc", "memory");

	u32 bad = 64;
	for (u32 i = 0; i < 64; i++) {
		if (out[i] != in[i]) {
			bad = i;
			break;
		}
	}
	w_printf("fp%lu: %u rounds done\n", me, ROUNDS);
	check(bad == 64 && (me == 1 || me == 2),
	      me == 1 ? "kernel FP registers survive switches (1)"
		      : "kernel FP registers survive switches (2)",
	      "word %u: %lx, expected %lx", bad, bad < 64 ? out[bad] : 0, bad < 64 ? in[bad] : 0);
	return 0;
}
