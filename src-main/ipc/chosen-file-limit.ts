// A file the technician chose on this PC (a firmware package, a backup of a practice controller) travels
// to main in one message, and the browser host takes at most 1 MiB a message (host/browser-host.ts).
// Project choice: up to 720 KiB a file (its base64 stays under the limit). A leaf, so the renderer may
// import it without the contract's schemas.
export const MAX_CHOSEN_FILE_BYTES = 720 * 1024;
