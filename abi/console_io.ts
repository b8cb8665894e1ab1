/**
 * console_io (hypercall 18) — the hypervisor's own console.
 *
 *   long HYPERVISOR_console_io(int cmd, int count, char *buffer)
 *
 * CONSOLEIO_write: writes count bytes from buffer; returns 0 (Xen's behaviour)
 * or -EFAULT. CONSOLEIO_read: reads up to count bytes; returns bytes read.
 * Negative count: -EINVAL. Unknown cmd: -ENOSYS.
 */
export { CONSOLEIO_write, CONSOLEIO_read } from "./xen.js";
