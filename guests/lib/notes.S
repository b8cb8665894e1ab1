/*
 * notes.S — the Xen ELF notes every SDK-built image carries, in section
 * .note.Xen (kernel.ld gives it a PT_NOTE header). A guest writes no note by
 * hand. Numeric notes are 4 bytes (rv32); strings are NUL-terminated.
 */
#include <xen/elfnote.h>

/* One note: name "Xen", then the descriptor between labels 2 and 3. */
.macro xen_note type
    .p2align 2
    .long   4               /* namesz: "Xen\0" */
    .long   3f - 2f         /* descsz */
    .long   \type
    .asciz  "Xen"
    .p2align 2
2:
.endm
.macro xen_note_end
3:
    .p2align 2
.endm

    .section .note.Xen, "a", @note
    xen_note XEN_ELFNOTE_GUEST_OS
    .asciz  "pvkit"
    xen_note_end
    xen_note XEN_ELFNOTE_XEN_VERSION
    .asciz  "xen-3.0"
    xen_note_end
    xen_note XEN_ELFNOTE_LOADER
    .asciz  "generic"
    xen_note_end
    xen_note XEN_ELFNOTE_VIRT_BASE
    .long   0xC0000000
    xen_note_end
    xen_note XEN_ELFNOTE_ENTRY
    .long   _start
    xen_note_end
    xen_note XEN_ELFNOTE_HYPERCALL_PAGE
    .long   hypercall_page
    xen_note_end
    /* The SDK needs no optional XENFEAT_ feature and requires none. */
    xen_note XEN_ELFNOTE_FEATURES
    .asciz  ""
    xen_note_end
