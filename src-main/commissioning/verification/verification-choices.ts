// Values of the test-operation battery the guideline does not give: each one a project choice, in this
// one place (docs/project-choices.md lists them).

// Project choice: the user name tried with a wrong password in the non-disruptive logon check. The check
// first makes sure no such user is on the device: a failed logon of a name that does not exist counts
// towards nobody's lockout.
export const NO_SUCH_USER = 'mxc-no-such-user';

// Project choice: the temporary user of the confirmed lockout check (Users group, removed afterwards).
export const LOCKOUT_TEST_USER = 'mxc-verify-lockout';

// Project choice: the event names of the MX Commissioner security protocol (docs/protocol.md) the battery
// looks for. A real controller shows its own event names in the engineering tool (observe-only: the app
// cannot read its history, and these checks are not run there).
export const EVENT_NAMES = {
  logonSuccess: 'logon-success',
  logonFailure: 'logon-failure',
  lockout: 'lockout',
  tlsStart: 'tls-start',
  tlsEnd: 'tls-end',
  bandwidthLimited: 'bandwidth-limited',
  restoreFailure: 'restore-failure',
  backupSuccess: 'backup-success',
} as const;

// Project choice: per-check time bounds. Non-disruptive checks are a few logons and socket attempts on the
// controller's own network; the lockout check needs (failures + 3) logons; the whole battery stays well
// under a minute even on a slow controller.
export const CHECK_TIMEOUT_MS = { quick: 10_000, lockout: 30_000, backup: 30_000, bandwidth: 10_000 } as const;

// Project choice: how long a refused connection may take to be closed by the device's IP filter before
// the attempt counts as served (the virtual devices close it at once; 800 ms covers a busy controller).
export const IP_FILTER_CLOSE_WAIT_MS = 800;

// Project choice: the bandwidth check sends at most this long and this many requests (practice devices
// only), then waits this long for the access restriction event.
// Traffic counts as "clearly above" the limit at twice it (a device may let a one-second burst through).
export const BANDWIDTH_BURST = { maxMs: 2000, maxRequests: 600, eventWaitMs: 1000, clearlyAboveFactor: 2 } as const;

// Project choice: how long the device has to record the TLS start/end events of a connection this PC
// just closed.
export const TLS_EVENT_WAIT_MS = 1000;
