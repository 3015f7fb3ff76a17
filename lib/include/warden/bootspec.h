/* The boot spec: the binary contract between the image builder (tools/wbuild) and the kernel.
 * The builder compiles a system description into this form and appends it to the kernel image;
 * the kernel creates every object of the system from it at boot. All integers little-endian,
 * every table 8-byte aligned, every offset relative to the start of the header. */
#ifndef WARDEN_BOOTSPEC_H
#define WARDEN_BOOTSPEC_H
#include <warden/types.h>

#define BOOTSPEC_MAGIC 0x50534257u /* "WBSP" */
#define BOOTSPEC_VERSION 4u
#define BS_NAME_LEN 32
#define BS_NONE 0xffffffffu

/* Header flags. */
#define BS_FLAG_SMC_CAP (1u << 0) /* built for a kernel with the SMC capability type */

/* Capability types, shared by kernel, libwarden, builder and docs. */
enum cap_type {
	CAP_NULL = 0,
	CAP_ENDPOINT = 1,
	CAP_NOTIFICATION = 2,
	/* 3, 6, 7: kept free for reply, frame and address-space capabilities (memory is static
	 * today: mapped from the boot spec, with no capability to it). */
	CAP_CNODE = 4,
	CAP_TCB = 5,
	CAP_IRQ_HANDLER = 8,
	CAP_VCPU = 9, /* object: the index of a BS_PD_VCPU PD */
	CAP_SMC = 10,
	CAP_TRACE = 11,
	CAP_TYPE_COUNT
};

/* Capability rights (endpoints, notifications, frames). */
#define CAP_RIGHT_READ (1u << 0)  /* receive / wait / map readable */
#define CAP_RIGHT_WRITE (1u << 1) /* send / signal / map writable */
#define CAP_RIGHT_GRANT (1u << 2) /* capabilities may travel in messages sent with it */
#define CAP_RIGHTS_ALL 7u

/* Mapping permissions. */
#define BS_PERM_R (1u << 0)
#define BS_PERM_W (1u << 1)
#define BS_PERM_X (1u << 2)

/* Region flags. */
#define BS_REGION_DEVICE (1u << 0) /* device memory at a fixed physical address */

enum bs_table_id {
	BS_TABLE_PDS,	  /* struct bs_pd */
	BS_TABLE_REGIONS, /* struct bs_region */
	BS_TABLE_MAPS,	  /* struct bs_map */
	BS_TABLE_OBJECTS, /* struct bs_object */
	BS_TABLE_CAPS,	  /* struct bs_cap */
	BS_TABLE_IRQS,	  /* struct bs_irq */
	BS_TABLE_VGICS,	  /* struct bs_vgic */
	BS_TABLE_COUNT
};

struct bs_table {
	u32 offset; /* of the first entry */
	u32 count;
};

struct bs_header {
	u32 magic;
	u32 version;
	u32 total_size; /* header, tables and data */
	u32 flags;
	char name[BS_NAME_LEN]; /* the system's name */
	struct bs_table tables[BS_TABLE_COUNT];
};

/* PD flags. */
#define BS_PD_VCPU (1u << 0) /* a guest's virtual CPU: runs at EL1 with its own stage 1 */
#define BS_PD_START_SUSPENDED (1u << 1) /* waits for TCB_RESUME (a secondary vCPU) */
#define BS_PD_PMU (1u << 2) /* EL0 may use the PMU (pmu="true", for benchmarks; never a vCPU) */
#define BS_PD_CONSOLE (1u << 3) /* a vCPU of the console guest (docs/console.md) */

/* A protection domain: one thread with its own CNode and address space (an EL0 component), or
 * one virtual CPU of a guest (BS_PD_VCPU; the vCPUs of one VM share an address space). */
struct bs_pd {
	char name[BS_NAME_LEN];
	u64 entry;	 /* initial PC */
	u64 stack_top;	 /* initial SP (the builder maps a stack region below it); vCPU: 0 */
	u64 ipc_buffer;	 /* address of the thread's IPC buffer (a mapped, writable page); vCPU: 0 */
	u32 priority;	 /* 0..255, higher runs first */
	u32 cnode_bits;	 /* the CNode has 1 << cnode_bits slots; slot 0 is always empty */
	u32 fault_ep;	 /* object index of the fault endpoint, or BS_NONE (required for a vCPU) */
	u32 flags;	 /* BS_PD_* */
	u64 fault_badge; /* badge the fault message carries */
	u32 aspace_of;	 /* 0: its own address space; n: shares that of PD n - 1 (an earlier one) */
	u32 vgic;	 /* vCPU: its VM's vGIC (index into BS_TABLE_VGICS); else BS_NONE */
	u64 arg0;	 /* initial x0 (EL0 component: ignored, it gets the IPC buffer address) */
	u64 vmpidr;	 /* vCPU: the MPIDR_EL1 value the guest reads */
	u32 vcpu_index;	 /* vCPU: its position in the VM (its redistributor), 0..vcpus-1 */
	u32 reserved;
};

/* A VM's virtual GICv3 (docs/vgic.md): the kernel emulates its distributor and redistributors
 * at these guest-physical addresses (the guest's DTB names the same). */
struct bs_vgic {
	u64 gicd_base;	 /* 64 KiB distributor frame */
	u64 gicr_base;	 /* redistributor of vCPU i at gicr_base + i * gicr_stride */
	u64 gicr_stride; /* 128 KiB: RD frame and SGI frame */
	u32 vcpus;	 /* redistributors: every vCPU PD naming this vGIC, indices 0..vcpus-1 */
	u32 reserved;
};

/* Memory: RAM the kernel allocates and zeroes, optionally with initial contents from the spec
 * (component segments, guest images), or a device at a fixed physical address. */
struct bs_region {
	char name[BS_NAME_LEN];
	u64 size;	 /* bytes, a multiple of 4 KiB */
	u64 phys;	 /* BS_REGION_DEVICE only */
	u32 flags;	 /* BS_REGION_* */
	u32 data_offset; /* initial contents, or 0 */
	u32 data_size;	 /* <= size */
	u32 reserved;
};

struct bs_map {
	u32 pd;
	u32 region;
	u64 vaddr; /* 4 KiB aligned */
	u32 perms; /* BS_PERM_* */
	u32 reserved;
};

/* Kernel objects that exist independently of any PD. */
struct bs_object {
	u32 type; /* CAP_ENDPOINT or CAP_NOTIFICATION */
	u32 reserved;
	char name[BS_NAME_LEN];
};

/* One capability placed in one PD's CNode. Boot capabilities are roots of the derivation tree,
 * independent of each other. */
struct bs_cap {
	u32 pd;
	u32 slot;
	u32 type;   /* enum cap_type */
	u32 object; /* index into the table its type names (objects, pds), or BS_NONE */
	u32 rights; /* CAP_RIGHT_* */
	/* CAP_SMC: offset of the reason its grant gave for accepting the hazardous function IDs
	 * it covers (accept_hazard, NUL-terminated), or 0: it accepted none. The kernel refuses
	 * hazardous IDs on a capability without one (docs/smc-capability.md). */
	u32 hazard_reason;
	u64 badge;
	u32 smc_first; /* CAP_SMC: inclusive function-ID range */
	u32 smc_last;
};

/* A hardware interrupt delivered as a signal on a notification. */
struct bs_irq {
	u32 irq;	  /* GIC INTID (SPI: 32 + n) */
	u32 notification; /* object index */
	u64 badge;	  /* bits the signal sets */
	u32 pd;		  /* who holds the IRQ handler capability (to acknowledge) */
	u32 slot;
	u32 trigger; /* 0 level, 1 edge */
	u32 reserved;
};

#endif
