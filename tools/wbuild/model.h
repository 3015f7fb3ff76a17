/* The system description as the builder holds it between parsing and emitting the boot spec. */
#ifndef WBUILD_MODEL_H
#define WBUILD_MODEL_H
#include <warden/bootspec.h>
#include <warden/smc_services.h>
#include <warden/vmm_config.h>

#include "elf.h"

#define PAGE_SIZE 0x1000u
/* Addresses components and guests may use: the kernel's stage-2 input address size. */
#define IPA_LIMIT (1ull << 39)
/* The fixed top of every PD's address space layout (docs/system-description.md). */
#define STACK_TOP 0x10000000ull
#define IPC_BUFFER_VADDR (STACK_TOP + PAGE_SIZE) /* a guard page between stack and buffer */

#define DEFAULT_PRIORITY 100
#define DEFAULT_CNODE_BITS 8
#define DEFAULT_STACK_SIZE 0x10000ull
#define MAX_PRIORITY 255
#define MIN_CNODE_BITS 1
#define MAX_CNODE_BITS 12

/* A growable array: VEC(struct x) v; struct x *e = VEC_PUSH(v); (zeroed, aborts when out of
 * memory). */
#define VEC(type)                                                                                  \
	struct {                                                                                   \
		type *v;                                                                           \
		size_t n, cap;                                                                     \
	}
void *vec_push(void **items, size_t *n, size_t *cap, size_t size);
#define VEC_PUSH(vec)                                                                              \
	((__typeof__((vec).v))vec_push((void **)&(vec).v, &(vec).n, &(vec).cap, sizeof(*(vec).v)))

void *xmalloc(size_t size);
char *xstrdup(const char *s);

/* What a name in the description refers to. */
enum name_kind {
	NAME_NONE,
	NAME_REGION,
	NAME_ENDPOINT,
	NAME_NOTIFICATION,
	NAME_PD,
	NAME_VM,
};

struct region {
	char name[BS_NAME_LEN];
	int line;
	u64 size;
	u64 phys;
	bool device;
	/* Initial contents (a guest's RAM, its VMM's configuration); not owned. Regions with the
	 * same data pointer share it in the spec. */
	const u8 *data;
	size_t data_size;
};

/* An endpoint or a notification. */
struct object {
	char name[BS_NAME_LEN];
	int line;
	u32 type; /* CAP_ENDPOINT or CAP_NOTIFICATION */
};

struct map {
	int line;
	char *region;
	u32 region_index; /* resolved by check */
	u64 vaddr;
	u32 perms; /* BS_PERM_* */
};

/* A capability to an endpoint, notification, CNode, TCB, or the trace ring. */
struct cap {
	int line;
	u32 slot;
	u32 type;     /* CAP_ENDPOINT, CAP_NOTIFICATION, CAP_CNODE, CAP_TCB or CAP_TRACE */
	char *target; /* the object or PD named, NULL for CAP_TRACE */
	u32 object;   /* resolved by check: object or PD index, BS_NONE for CAP_TRACE */
	u32 rights;
	u64 badge;
};

/* Function IDs named by a service or by an explicit range. */
struct smc_target {
	const struct smc_service *service; /* NULL: range below */
	struct smc_range range;
};

/* The ranges a target stands for. */
const struct smc_range *smc_target_ranges(const struct smc_target *t, size_t *count);

/* One SMC capability per range of the target, in consecutive slots from slot. */
struct smc_grant {
	int line;
	u32 slot;
	struct smc_target target;
	char *accept_hazard; /* the reason, or NULL */
};

struct irq {
	int line;
	u32 irq;
	char *notification;
	u32 notification_index; /* resolved by check */
	u64 badge;
	u32 slot;
	u32 trigger; /* 0 level, 1 edge */
};

/* <allow> of a broker client: function IDs that client may call through the broker. */
struct broker_allow {
	int line;
	struct smc_target target;
};

/* <broker_client>: a client of the SMC broker, told apart by its endpoint badge
 * (lib/include/warden/broker.h, docs/broker.md). */
struct broker_client_desc {
	int line;
	u64 badge;
	char name[BS_NAME_LEN];
	VEC(struct broker_allow) allows;
};

/* A protection domain; also the shape of a VMM, which is one. */
struct pd {
	char name[BS_NAME_LEN];
	int line;
	char *image;	  /* as written */
	char *image_path; /* where it was found */
	struct elf_image elf;
	u32 priority;
	u32 cnode_bits;
	u64 stack_size;
	char *fault_endpoint; /* NULL: none */
	u32 fault_index;      /* resolved by check, BS_NONE without one */
	u64 fault_badge;
	bool pmu; /* pmu="true": EL0 may use the PMU (benchmarks) */
	VEC(struct map) maps;
	VEC(struct cap) caps;
	VEC(struct smc_grant) smcs;
	VEC(struct irq) irqs;
	/* An SMC broker's clients; a PD with any is a broker and gets a configuration page
	 * (broker.c). */
	VEC(struct broker_client_desc) broker_clients;
	u8 *broker_config; /* struct broker_config, one page; built by broker_build_all */
};

enum policy_action { ACTION_EMULATE, ACTION_FORWARD, ACTION_DENY };

struct policy_call {
	int line;
	struct smc_target target;
	enum policy_action action;
	bool in_kernel; /* forward: the VMM binds the capability to the vCPUs (VCPU_BIND_SMC) */
};

enum psci_conduit { CONDUIT_SMC, CONDUIT_HVC };

/* What vm_build (vm.c) makes of a virtual machine: the guest's initial RAM contents, its DTB,
 * the VMM's configuration, and where its parts go in the boot spec. */
struct vm_build {
	bool done;
	/* The guest's RAM in pieces (vm.c): segment i covers [seg_offset[i], seg_offset[i + 1])
	 * of RAM (the last one up to ram_size) and holds seg_data[i] (seg_size[i] bytes, maybe 0)
	 * at its start: the image, the initrd and the DTB each begin a segment. */
	u32 segs;
	u64 seg_offset[VMM_MAX_LOADS + 2]; /* and ram_size after the last */
	u8 *seg_data[VMM_MAX_LOADS + 1];
	size_t seg_size[VMM_MAX_LOADS + 1];
	u32 ram_regions[VMM_MAX_LOADS + 1];  /* spec region of each segment (V.ram, V.ram1, ...) */
	u32 init_regions[VMM_MAX_LOADS + 1]; /* V.init<i> for each segment with data, else ~0 */
	u64 init_size;			     /* bytes of V.init* the VMM maps, in segment order */
	u64 dtb_offset, dtb_space;	     /* from GUEST_RAM_BASE; bytes the VMM may use */
	char *dts;			     /* the DTB's source, as given to dtc */
	size_t dtb_size;
	u64 entry;	  /* the guest's entry point (IPA) */
	u64 initrd_start; /* IPA, 0: none */
	u64 initrd_end;
	u8 *config;	   /* struct vmm_config, one page */
	u32 vmm_pd;	   /* spec PD index of the VMM; its vCPUs follow it */
	u32 config_region; /* spec region index of V.config */
	u32 faults;	   /* object index of V.faults */
	u32 forward_count; /* SMC capabilities of the VMM, from VMM_SLOT_SMC_BASE */
};

struct vm {
	char name[BS_NAME_LEN];
	int line;
	u32 vcpus;
	u64 ram_size;
	char *image;
	char *image_path;
	char *initrd; /* NULL: none */
	char *initrd_path;
	u64 initrd_addr, dtb_addr; /* IPAs the description asks for; 0: QEMU's placement */
	char *cmdline;		   /* NULL: none */
	enum psci_conduit conduit;
	bool stop_on_unmapped; /* on_unmapped="stop" (default "abort") */
	int console_attr;      /* console=: -1 absent, 0 "false", 1 "true" */
	bool console;	       /* owns the console (docs/console.md): check_system decides */
	u32 priority;
	bool has_vmm;
	/* "V-vmm". vm_build gives it its maps, caps and SMC grants (vmm_config.h). */
	struct pd vmm;
	bool has_policy;
	VEC(struct policy_call) policy;
	struct vm_build build;
};

/* The longest VM name whose derived names ("V-vcpu15", "V.config", "V.faults") fit a boot spec
 * name. */
#define VM_NAME_MAX 24

/* The name of vCPU i of vm: "V-vcpu<i>". */
void vcpu_name(const struct vm *vm, u32 i, char out[BS_NAME_LEN]);

struct system {
	char name[BS_NAME_LEN];
	int line;
	VEC(struct region) regions;
	VEC(struct object) objects;
	VEC(struct pd) pds;
	VEC(struct vm) vms;
};

void system_free(struct system *sys);

/* Index of what name names in its table (regions, objects, pds, vms), or BS_NONE; *kind says
 * which table (NAME_NONE if nothing). */
u32 system_lookup(const struct system *sys, const char *name, enum name_kind *kind);
const char *name_kind_str(enum name_kind kind);
const char *action_str(enum policy_action action);

#endif
