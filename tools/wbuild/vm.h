/* Virtual machines: what the builder makes of a <virtual_machine> (docs/system-description.md,
 * lib/include/warden/vmm_config.h). */
#ifndef WBUILD_VM_H
#define WBUILD_VM_H
#include "diag.h"
#include "model.h"

/* The flag of a Linux arm64 Image header (Documentation/arch/arm64/booting.rst). */
#define LINUX_IMAGE_MAGIC 0x644d5241u /* "ARM\x64" at offset 0x38 */

/* For every VM (after check and load_images): reads the guest image (and initrd), generates and
 * compiles its DTB, lays out the initial RAM contents, fills in the VMM's configuration, and
 * adds to the model what the boot spec holds for it: the regions V.ram, V.init and V.config
 * (appended to sys->regions), the endpoint V.faults (appended to sys->objects), and the VMM's
 * mappings, capabilities and SMC grants. The VMM and the vCPU PDs follow the declared PDs in the
 * spec (vm->build.vmm_pd). Reports what does not fit. */
void vm_build_all(struct system *sys, struct diag *d);

#endif
