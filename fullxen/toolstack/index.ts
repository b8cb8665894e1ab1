/** The toolstack: xl.cfg configs and domain management over full Xen. */
export { parseXlCfg, ConfigError } from "./xl_cfg_parse.js";
export type { CfgSetting, CfgValue, CfgScalar } from "./xl_cfg_parse.js";
export {
  parseDomainConfig, domainConfigFromSettings, checkConfigSet, MIN_MEMORY_MIB, MAX_MEMORY_MIB, MAX_VCPUS, MAX_WEIGHT,
  MAX_CMDLINE,
} from "./domain_config.js";
export type { DomainConfig, ShutdownAction } from "./domain_config.js";
export { Toolstack, shutdownName, TICKS_PER_SECOND, DEFAULT_MAX_RESTARTS } from "./toolstack.js";
export type { ToolstackHypervisor, DomainInfo, DomainRecord, DomainState, ToolstackOptions } from "./toolstack.js";
export { toolstackPort, attachToolstack } from "./attach.js";
