/** microxen: the public surface of shim/. */
export { Microxen, runMicroxen, type MicroxenOutcome, type MicroxenRun } from "./microxen.js";
export { buildDomain, MicroxenError, MAX_VCPUS, type MicroxenOptions, type BuiltDomain, STORE_EVTCHN, CONSOLE_EVTCHN } from "./build.js";
export { Vcpu } from "./vcpu.js";
export { Domain, PROFILES, DOMID, type Profile } from "./domain.js";
export { buildStubs, INLINE_CALLS, HOLE_CODE_VA, type StubCode } from "./stubs.js";
export { Asm, enc, REG, CSR } from "./asm.js";
export { MICROXEN_HANDLING } from "./handling.js";
export * from "./memmap.js";
