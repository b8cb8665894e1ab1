/** Loads every hypercall handler into the dispatch table (each file registers its own). */
import "./hc_traps.js";
import "./hc_info.js";
import "./hc_sched.js";
import "./hc_evtchn.js";
import "./hc_memory.js";
import "./hc_mm.js";
