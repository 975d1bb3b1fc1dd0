// The help text of `mxc commission` (kept apart so the command itself stays a thin adapter of the session core).
import { TARGET_HELP } from './endpoint';

export const COMMISSION_HELP = `Usage: mxc commission --profile FILE --secrets FILE --target ENDPOINT --out DIR [options]

Runs the guideline's procedure (Figure 8 for MX-R, Figure 22 for MX-F) against one controller: checks
the profile, initializes a used controller (only when confirmed), writes every setting in the order the
rules require and verifies each by reading it back, restarts, reconnects over TLS with the new
certificate pinned, checks errors, diagnoses the network from this PC, and writes into DIR:

  report.json      the compliance report, signed with this installation's key ("mxc report verify")
  report.html      the same, printable (English; --lang ja for Japanese)
  certificate.der  the controller's certificate for the connection destination devices (2.4.7.1 C)
  certificate.pem

Prints one line per step, then the verdict and every deviation from the guideline with its reference.
Exit code 0 only when every row of the settings table is met and nothing deviates from the guideline
("commissioned as the guideline says"); 3 when every row is met with deviations (a step turned off,
"continue operation" on error, an exception, a Table 10/28 item not attested); 1 when a row is not met.
An interrupted run (cable pulled, window closed) resumes from its journal when started again with the
same profile and target.

Options:
  --profile FILE           The security profile (JSON; "mxc profile recommended" makes one)
  --secrets FILE           Passwords (docs/secrets-file.md): "users" for every user of the profile,
                           "logon" for the previous Administrator of a used controller, optional
                           "backupPassword". "-" reads the same JSON from standard input.
                           Passwords are never taken from arguments.
${TARGET_HELP}
  --tls-target HOST:PORT   The controller's SLMP-over-TLS listener, used after the restart
  --pc-address ADDRESS     This PC's address on the controller's network (IP filter guard)
  --out DIR                Where the report and certificate files go
  --data-dir DIR           Journals, device registry and the report signing key
                           (default ~/.config/mx-commissioner)
  --operator NAME          Who commissions (default: the login name)
  --lang en|ja             Language of report.html (default en)
  --confirm-initialize MODEL   Confirms the initialization of all information of a USED controller
                           (clears devices/labels, files, security settings, users, event history,
                           certificates; the SD card is kept)
  --backup-dir DIR         Before initializing, back up the controller into DIR
  --no-backup REASON       ... or decline the backup, saying why
  --pc-mac MAC             Wireless LAN adapter: this PC's MAC address; the MAC address filter of the
                           side it uses is written only with it registered (4.4.3)
  --pc-side wired|wireless The side of the adapter this PC uses (default wired)
  --run-disruptive-checks  Step 14 also runs the disruptive checks of Table 17/35 (a lockout with a
                           temporary user, backup/restoration attempt, bandwidth on practice devices);
                           without it they are reported "not run — declined by <operator>"
  -h, --help               This text

The wireless LAN adapter (profile system "wlan-adapter", Figure 36): --target is its web interface,
tls://HOST:PORT#sha256=FINGERPRINT (HTTPS, the certificate pinned; "mxc sim --model wlan-adapter --json"
prints both). The secrets file's "users" holds "admin" (the new login password), "factory" (the factory
login password from the adapter's manual) and, for the personal modes, "passphrase"; "logon" holds the
current password of a reused adapter, which is initialized (4.4.8, the logs are kept) only with
--confirm-initialize MODEL. --backup-dir DIR receives the encrypted settings backup (4.4.7) and the first
log read-out (4.4.6). No certificate files are written for the adapter.
`;
