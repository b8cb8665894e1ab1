/** Full Xen's public surface: the hypervisor, domain configuration and the round-robin scheduler. */
export { FullXen, type FullXenOptions, type FullXenRunResult, type DomainInfo } from "./hypervisor.js";
export { type DomainConfig, DEFAULT_WEIGHT } from "./builder.js";
export { RoundRobinScheduler, RR_SLICE_TICKS } from "./sched_rr.js";
export { FULLXEN_HANDLING } from "./handling.js";
export { FULLXEN_VERSION_MAJOR, FULLXEN_VERSION_MINOR, FULLXEN_EXTRAVERSION } from "./hc_info.js";
export { GNTTAB_MAX_FRAMES } from "./domain.js";
