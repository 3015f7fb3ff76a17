/* SMC brokers: what the builder makes of a protection domain with <broker_client> children
 * (docs/broker.md, lib/include/warden/broker.h). */
#ifndef WBUILD_BROKER_H
#define WBUILD_BROKER_H
#include "diag.h"
#include "model.h"

/* What the broker contract requires of a PD with broker clients: client count, badges, names,
 * ranges per client, each allowed range covered by one of the PD's own <smc> grants, its SMC
 * capabilities in the slots from BROKER_SLOT_SMC_BASE, its CNode and endpoint in their slots,
 * room in its CNode for what it mints, nothing else mapped at BROKER_CONFIG_VADDR. Run after
 * the PD's references are resolved (pd_index: its index in sys->pds). */
void broker_check(const struct system *sys, const struct pd *pd, u32 pd_index, struct diag *d);

/* For every broker PD (after check): its configuration page (struct broker_config) as a
 * one-page region "P.broker" appended to sys->regions, mapped read-only at
 * BROKER_CONFIG_VADDR. */
void broker_build_all(struct system *sys);

#endif
