// Why the device refuses a value: the one shape every block check of the virtual controller returns
// (its own file so the block checks and the parameter command do not import each other).
export interface Rejection {
  /** Dotted path into the request, e.g. "blocks.lockout.minutes". */
  path: string;
  message: string;
}
