/* The VMM's configuration: what the image builder tells one VMM about its guest. The builder
 * places it in a read-only region mapped into the VMM at VMM_CONFIG_VADDR, and lays out the VMM's
 * capabilities and mappings as this file says (docs/vmm.md). */
#ifndef WARDEN_VMM_CONFIG_H
#define WARDEN_VMM_CONFIG_H
#include <warden/types.h>

#define VMM_CONFIG_MAGIC 0x47464d56u /* "VMFG" */
#define VMM_CONFIG_VERSION 2u

/* The VMM's address space (besides its own image, stack and IPC buffer). */
#define VMM_CONFIG_VADDR 0x20000000ul	  /* this struct, read-only */
#define VMM_GUEST_RAM_VADDR 0x40000000ul  /* the guest's RAM, read-write */
#define VMM_GUEST_INIT_VADDR 0x80000000ul /* the guest RAM's initial contents, read-only */

/* The guest's platform (QEMU-virt-like; docs/vmm.md). */
#define GUEST_RAM_BASE 0x40000000ul
#define GUEST_GICD_BASE 0x08000000ul
#define GUEST_GICD_SIZE 0x10000ul
#define GUEST_GICR_BASE 0x080a0000ul
#define GUEST_GICR_STRIDE 0x20000ul /* per vCPU: RD frame + SGI frame */
#define GUEST_UART_BASE 0x09000000ul
#define GUEST_UART_SIZE 0x1000ul
/* Where the builder places a guest's image, initrd and DTB: as QEMU's -kernel loader would
 * (docs/system-description.md, "The guest's RAM image"). */
#define GUEST_IMAGE_OFFSET 0x200000ul	 /* a Linux arm64 Image: + text_offset */
#define GUEST_RAW_IMAGE_OFFSET 0x80000ul /* anything else (and pre-3.17 Images) */
#define GUEST_DTB_ALIGN 0x200000ul	 /* the DTB: after the initrd, 2 MiB aligned */
#define GUEST_DTB_SLACK 0x2000ul	 /* room after the DTB for the VMM's /chosen seeds */

/* The VMM's capability slots. */
#define VMM_SLOT_CNODE 1     /* its own CNode */
#define VMM_SLOT_FAULT_EP 2  /* vCPU faults arrive here; badge = vCPU index */
#define VMM_SLOT_VCPU_BASE 8 /* vCPU i: CAP_VCPU at 8 + i */
#define VMM_SLOT_TCB_BASE 24 /* vCPU i: CAP_TCB at 24 + i */
#define VMM_SLOT_SMC_BASE 40 /* SMC capabilities for the forward ranges, one per range */
#define VMM_SLOT_FREE 72     /* from here: <cap> elements of its <vmm> (endpoints, notifications) */
#define VMM_MAX_VCPUS 16
#define VMM_CNODE_BITS 7

enum vmm_action {
	VMM_DENY = 0,	 /* NOT_SUPPORTED in x0, nothing else changes */
	VMM_EMULATE = 1, /* the VMM answers (PSCI, SMCCC arch calls); unknown IDs get -1 */
	VMM_FORWARD = 2, /* through the SMC capability in slot cap_slot */
	/* Forwarded by the kernel itself: the VMM binds the capability in cap_slot to every vCPU
	 * (VCPU_BIND_SMC), so these calls never reach it (the opt-in fast path, DESIGN.md §1). */
	VMM_FORWARD_IN_KERNEL = 3,
};

#define VMM_CONDUIT_SMC 0
#define VMM_CONDUIT_HVC 1
#define VMM_MAX_POLICY 32

/* vmm_config.flags. */
#define VMM_CFG_STOP_ON_UNMAPPED (1u << 0) /* on_unmapped="stop": stop, not an external abort */
#define VMM_CFG_CONSOLE (1u << 1) /* its guest owns the console (docs/console.md) */
#define VMM_CFG_FLAGS_KNOWN (VMM_CFG_STOP_ON_UNMAPPED | VMM_CFG_CONSOLE)

struct vmm_policy_entry {
	u32 first, last; /* inclusive function-ID range */
	u32 action;	 /* enum vmm_action */
	u32 cap_slot;	 /* VMM_FORWARD(_IN_KERNEL): the SMC capability for exactly this range */
};

/* One piece of the guest's initial RAM: size bytes from VMM_GUEST_INIT_VADDR + init_offset go
 * to guest-physical ipa, at boot and at every reset. */
#define VMM_MAX_LOADS 3 /* image, initrd, DTB */
struct vmm_load {
	u64 ipa;
	u64 init_offset;
	u64 size;
};

struct vmm_config {
	u32 magic;
	u32 version;
	char vm_name[32];
	u32 vcpu_count;
	u32 psci_conduit; /* VMM_CONDUIT_*: the conduit the guest's DTB names */
	u64 ram_size;	  /* guest RAM at GUEST_RAM_BASE */
	u64 init_size;	  /* bytes of initial contents mapped at VMM_GUEST_INIT_VADDR */
	u64 entry;	  /* the guest's entry point (IPA) */
	u64 dtb;	  /* the DTB's IPA (x0 at entry); one of the loads starts there */
	u64 dtb_space;	  /* bytes from dtb the DTB may grow into (the VMM adds the seeds) */
	u32 policy_count; /* entries in policy, sorted by first, disjoint; gaps are denied */
	u32 flags;	  /* VMM_CFG_* */
	u32 load_count;	  /* entries in load */
	u32 reserved;
	struct vmm_load load[VMM_MAX_LOADS];
	struct vmm_policy_entry policy[VMM_MAX_POLICY];
};

#endif
