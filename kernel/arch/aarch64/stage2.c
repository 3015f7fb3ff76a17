/* Address spaces: one stage-2 table per protection domain (39-bit IPA, 4 KiB pages, walk from
 * level 1), tagged with its own VMID so switching needs no TLB maintenance. EL0 components run
 * with stage 1 off (HCR_EL2.TGE), so their virtual addresses are these IPAs. */
#include <kernel/console.h>
#include <kernel/kernel.h>
#include <kernel/mmu.h>
#include <kernel/sysreg.h>

#define S2_VALID BIT(0)
#define S2_TABLE BIT(1)
#define S2_PAGE BIT(1)
#define S2_MEMATTR_NORMAL_WB (0xfull << 2)
#define S2_MEMATTR_DEVICE_NGNRE (0x1ull << 2)
#define S2_AP_R (1ull << 6)
#define S2_AP_W (2ull << 6)
#define S2_SH_INNER (3ull << 8)
#define S2_AF BIT(10)
#define S2_XN BIT(54)
#define S2_ADDR_MASK 0x0000fffffffff000ull

static u32 next_vmid = 1;
static u32 vmid_limit = 256; /* 8-bit VMIDs unless ID_AA64MMFR1_EL1.VMIDBits says 16 */
struct aspace *aspace_active;

struct aspace *aspace_create(void)
{
	struct aspace *as = mem_alloc(sizeof(*as), 8);

	as->root = mem_alloc(PAGE_SIZE, PAGE_SIZE);
	/* A static system never frees an address space, so VMIDs are never recycled: beyond the
	 * CPU's width two spaces would share TLB entries, and boot stops instead. */
	if (next_vmid >= vmid_limit)
		panic("boot spec: more than %u address spaces, but this CPU has %s-bit VMIDs",
		      vmid_limit - 1, vmid_limit == 256 ? "8" : "16");
	as->vmid = (u16)next_vmid++;
	return as;
}

static u64 *walk(struct aspace *as, u64 ipa, bool create)
{
	u64 *table = as->root;

	for (int level = 1; level < 3; level++) {
		u64 *e = &table[(ipa >> (39 - 9 * level)) & 511];
		if (!(*e & S2_VALID)) {
			if (!create)
				return NULL;
			u64 *next = mem_alloc(PAGE_SIZE, PAGE_SIZE);
			*e = (u64)next | S2_VALID | S2_TABLE;
		}
		table = (u64 *)(*e & S2_ADDR_MASK);
	}
	return &table[(ipa >> PAGE_SHIFT) & 511];
}

bool aspace_map(struct aspace *as, u64 ipa, u64 pa, u32 perms, bool device)
{
	if (ipa >= IPA_LIMIT || (ipa | pa) & (PAGE_SIZE - 1))
		return false;
	u64 *e = walk(as, ipa, true);
	if (*e & S2_VALID)
		return false;
	u64 d = pa | S2_VALID | S2_PAGE | S2_AF | S2_SH_INNER;
	d |= device ? S2_MEMATTR_DEVICE_NGNRE : S2_MEMATTR_NORMAL_WB;
	d |= (perms & BS_PERM_R) ? S2_AP_R : 0;
	d |= (perms & BS_PERM_W) ? S2_AP_W : 0;
	d |= (perms & BS_PERM_X) && !device ? 0 : S2_XN;
	*e = d;
	return true;
}

u64 aspace_lookup(struct aspace *as, u64 ipa)
{
	if (ipa >= IPA_LIMIT)
		return 0;
	u64 *e = walk(as, ipa, false);
	return e && (*e & S2_VALID) ? (*e & S2_ADDR_MASK) | (ipa & (PAGE_SIZE - 1)) : 0;
}

/* VTCR_EL2: 16-bit VMIDs where the CPU has them (VS), 39-bit IPA, start at level 1, write-back
 * walks, inner shareable, 4 KiB granule. */
void stage2_init(void)
{
	u64 vtcr = (64 - VA_BITS) | (1ull << 6) | (1ull << 8) | (1ull << 10) | (3ull << 12) |
		   (tcr_ps_field() << 16) | BIT(31);

	if (((read_sysreg(id_aa64mmfr1_el1) >> 4) & 0xf) == 2) { /* VMIDBits: 16 */
		vtcr |= BIT(19);				 /* VS */
		vmid_limit = 65536;
	}

	write_sysreg(vtcr_el2, vtcr);
	isb();
	__asm__ volatile("tlbi alle1is\n dsb ish\n isb" ::: "memory");
}
