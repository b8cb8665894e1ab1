/** Addresses and words in messages and reports: `0x` and eight hex digits. */
export function hex32(v: number): string {
  return `0x${(v >>> 0).toString(16).padStart(8, "0")}`;
}
