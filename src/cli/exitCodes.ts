// Exit codes of the offline commands (DESIGN.md section 4).

export const EXIT_OK = 0;
/** Validation errors in the input. */
export const EXIT_INVALID = 1;
/** Usage errors or unreadable input. */
export const EXIT_USAGE = 2;
