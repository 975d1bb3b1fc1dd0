// One FTP control connection of the virtual controller's FTP server (RFC 959, explicit FTPS by RFC 4217).
//
// - Greeting 220; AUTH TLS upgrades the control connection with the device's certificate and key (234, then
//   the handshake on the same socket). Bytes the client sent before the handshake are discarded, so a
//   command injected in clear text cannot ride into the protected session (the STARTTLS injection flaw).
// - With `tlsRequired` (encryptedCommunication.functions.ftps.tls), USER and PASS before AUTH TLS answer
//   530: a password never crosses the link in clear.
// - USER/PASS go through the device's user authentication exactly as an SLMP logon does: the server runs
//   the SCRAM exchange (crypto/logon-proof.ts) against UserAuthentication on the client's behalf, so
//   logon-success / logon-failure / lockout are the same records, with the same lockout counting.
// - The FTP session timer (Table 9 row 8): no command for `timeoutSeconds` -> "421 Session timed out",
//   the logon (if any) ends as a session timeout, the connection closes. Every command restarts the timer.
// - No data connection: the virtual device has no file system to serve (device-choices.ts FTP_CHOICES).
// - Commands are handled one at a time in order. Input stops being read (TCP back-pressure, nothing
//   dropped) for three reasons kept in one record, so the end of one never resumes what another paused:
//   a command is processing and the input waiting behind it passed its bound ('backlog'); the peer does
//   not read the replies and they passed their bound ('output', until they have left); the bandwidth limitation
//   (2.4.10) holds received bytes or charges sent replies ('bandwidth'). While replies or the limitation
//   hold, no further command is handled either, so a peer that never reads cannot grow the device's memory.

import tls from 'node:tls';
import type net from 'node:net';
import { buildAuthMessage, computeClientProof, createNonce } from '../../crypto/logon-proof';
import type { ConnectionContext } from '../connection-context';
import type { ConnectionThrottle } from '../listener-set';
import type { ControllerSecurity } from '../controller-security';
import { FTP_CHOICES } from '../security/device-choices';
import type { Peer } from '../security/event-history';
import { describeHandshakeFailure, type TlsVersionSetting } from '../crypto-functions/tls-listener';
import { CommandLineReader, type CommandLine } from './command-line-reader';

/** What the parameters and certificate in effect give every session of one boot. */
export interface FtpSessionSettings {
  /** encryptedCommunication.functions.ftps.tls: logon only after AUTH TLS. */
  readonly tlsRequired: boolean;
  /** sessionTimers.ftpSessionTimeoutSeconds in effect (or the factory value). */
  readonly timeoutSeconds: number;
  /** The TLS context at AUTH TLS time, or why TLS cannot be offered now (no valid certificate). */
  readonly tls: () => { context: tls.SecureContext; setting: TlsVersionSetting } | { unavailable: string };
}

// Commands grouped by how a device without files answers them (FTP_CHOICES.servesFiles = false).
const DATA_SETUP = new Set(['PASV', 'EPSV', 'PORT', 'EPRT', 'LPSV', 'LPRT']);
const TRANSFERS = new Set(['LIST', 'NLST', 'MLSD', 'RETR', 'STOR', 'STOU', 'APPE']);
const FILE_COMMANDS = new Set(['CWD', 'XCWD', 'CDUP', 'XCUP', 'SIZE', 'MDTM', 'MLST', 'DELE', 'MKD', 'XMKD', 'RMD', 'XRMD', 'RNFR', 'RNTO', 'REST', 'ALLO', 'SITE']);
const LOGGED_ON_COMMANDS = new Set(['PWD', 'XPWD', 'TYPE', 'MODE', 'STRU']);
const NO_FILES = 'this virtual controller has no file system to serve';

/** Why input is not being read now; the socket reads again only when no reason is left. */
type PauseReason = 'backlog' | 'output' | 'bandwidth';

// A held chunk or reply is asked about at most this often, so a misbehaving limiter cannot stall a
// connection forever; after that it passes (as in slmp-session.ts).
const MAX_THROTTLE_ATTEMPTS = 50;

export class FtpSession {
  private io: net.Socket;
  private readonly reader = new CommandLineReader(FTP_CHOICES.maxLineBytes);
  private secure = false;
  private tlsSetting: TlsVersionSetting | undefined;
  private upgrading = false;
  private busy = false;
  private closed = false;
  private pendingUser: string | undefined;
  private pbsz = false;
  private timer: NodeJS.Timeout | undefined;
  private graceTimer: NodeJS.Timeout | undefined;
  private readonly pausedFor = new Set<PauseReason>();
  /** Received chunks the bandwidth limitation has not let through yet, in order. */
  private readonly held: Buffer[] = [];
  private receiveTimer: NodeJS.Timeout | undefined;
  /** Reply bytes written and not yet counted by the bandwidth limitation. */
  private unchargedSend = 0;
  private sendTimer: NodeJS.Timeout | undefined;
  private refusedClearPassword = false;

  constructor(
    private readonly raw: net.Socket,
    private readonly context: ConnectionContext,
    private readonly security: ControllerSecurity,
    private readonly settings: FtpSessionSettings,
    /** The controller's bandwidth limitation for this connection, when one is installed. */
    private readonly throttle?: ConnectionThrottle,
  ) {
    this.io = raw;
    raw.on('data', this.onData);
    raw.on('error', () => raw.destroy());
    raw.once('close', () => this.onClose());
    this.restartTimer();
    this.reply(220, 'MX controller FTP server ready');
  }

  /** Ends the session at once (the service closes, the controller stops). */
  destroy(): void {
    this.raw.destroy();
  }

  // ------------------------------------------------------------------ input

  private readonly onData = (chunk: Buffer): void => {
    if (this.closed || this.upgrading) return;
    if (!this.throttle) {
      this.reader.push(chunk);
      return this.pump();
    }
    this.held.push(chunk);
    if (this.receiveTimer === undefined) this.releaseHeld(0);
  };

  /** Passes held chunks in order as the bandwidth limitation allows; input pauses while one is held back. */
  private releaseHeld(attempt: number): void {
    this.receiveTimer = undefined;
    while (this.held.length > 0 && !this.closed && !this.upgrading) {
      const chunk = this.held[0]!;
      const wait = attempt >= MAX_THROTTLE_ATTEMPTS ? 0 : this.throttle!(chunk.length, 'receive');
      if (wait > 0) {
        this.pauseInput('bandwidth', true);
        this.receiveTimer = setTimeout(() => this.releaseHeld(attempt + 1), wait);
        return;
      }
      attempt = 0;
      this.held.shift();
      this.reader.push(chunk);
    }
    this.updateBandwidthPause();
    this.pump();
  }

  /**
   * Called as each reply leaves the stream's buffer. Used rather than 'drain' alone: a TLS socket can accept
   * a write (no 'drain' to follow) and still hold more than the bound while it encrypts.
   */
  private readonly onFlushed = (): void => {
    if (!this.pausedFor.has('output') || this.outputBackedUp()) return;
    this.pauseInput('output', false);
    this.pump();
  };

  /** True while replies wait for the peer to read them beyond the bound. */
  private outputBackedUp(): boolean {
    return this.io.writableLength > FTP_CHOICES.maxBufferedBytes;
  }

  private pump(): void {
    while (!this.busy && !this.closed && !this.upgrading && !this.pausedFor.has('output') && this.sendTimer === undefined) {
      const line = this.reader.next();
      if (line === undefined) break;
      this.handle(line);
    }
    if (this.closed || this.upgrading) return;
    // Input that cannot be handled now waits in a bounded buffer; beyond it, the socket is not read.
    this.pauseInput('backlog', this.reader.buffered > FTP_CHOICES.maxBufferedBytes);
  }

  /** The one record of why input is paused: reading resumes only when no reason is left. */
  private pauseInput(reason: PauseReason, on: boolean): void {
    if (on) this.pausedFor.add(reason);
    else this.pausedFor.delete(reason);
    if (this.closed || this.upgrading || this.io.destroyed) return;
    if (this.pausedFor.size > 0) {
      if (!this.io.isPaused()) this.io.pause();
    } else if (this.io.isPaused()) this.io.resume();
  }

  private updateBandwidthPause(): void {
    this.pauseInput('bandwidth', this.receiveTimer !== undefined || this.sendTimer !== undefined);
  }

  private handle(line: CommandLine): void {
    if (line.kind === 'overlong') return this.reply(500, `Command line too long: at most ${FTP_CHOICES.maxLineBytes} bytes with its CRLF.`);
    if (line.kind === 'malformed') return this.reply(500, 'Syntax error: a command is printable ASCII text ending with CRLF.');
    const match = /^([A-Za-z]{3,4})(?: (.*))?$/.exec(line.text);
    if (!match) return this.reply(500, 'Syntax error, command unrecognized.');
    // A well-formed command is activity for the FTP session timer.
    this.restartTimer();
    const verb = match[1]!.toUpperCase();
    const arg = match[2] ?? '';
    const result = this.command(verb, arg);
    if (result instanceof Promise) {
      this.busy = true;
      result
        .catch(() => {
          if (!this.closed) this.reply(451, 'Local error in processing; try again.');
        })
        .finally(() => {
          this.busy = false;
          this.pump();
        });
    }
  }

  // ------------------------------------------------------------------ commands

  private command(verb: string, arg: string): void | Promise<void> {
    switch (verb) {
      case 'NOOP':
        return this.reply(200, 'NOOP ok.');
      case 'QUIT':
        return this.quit();
      case 'SYST':
        return this.reply(215, 'UNIX Type: L8');
      case 'FEAT':
        return this.replyLines(211, ['Features:', ' AUTH TLS', ' PBSZ', ' PROT'], 'End');
      case 'AUTH':
        return this.auth(arg);
      case 'PBSZ':
        if (!this.secure) return this.reply(503, 'Send AUTH TLS first.');
        this.pbsz = true;
        return this.reply(200, 'PBSZ=0');
      case 'PROT':
        return this.prot(arg.toUpperCase());
      case 'USER':
        return this.user(arg);
      case 'PASS':
        return this.pass(arg);
    }
    const noFiles = !FTP_CHOICES.servesFiles;
    if (!LOGGED_ON_COMMANDS.has(verb) && !(noFiles && (DATA_SETUP.has(verb) || TRANSFERS.has(verb) || FILE_COMMANDS.has(verb)))) {
      return this.reply(502, `${verb} not implemented.`);
    }
    if (!this.loggedOnUser()) return this.reply(530, 'Please log on with USER and PASS first.');
    switch (verb) {
      case 'PWD':
      case 'XPWD':
        return this.reply(257, '"/" is the only directory.');
      case 'TYPE': {
        const type = arg.toUpperCase();
        if (type === 'A' || type === 'A N' || type === 'I' || type === 'L 8') return this.reply(200, `Type set to ${type}.`);
        return this.reply(504, 'Only TYPE A and TYPE I are supported.');
      }
      case 'MODE':
        return arg.toUpperCase() === 'S' ? this.reply(200, 'Mode S.') : this.reply(504, 'Only MODE S is supported.');
      case 'STRU':
        return arg.toUpperCase() === 'F' ? this.reply(200, 'Structure F.') : this.reply(504, 'Only STRU F is supported.');
    }
    if (DATA_SETUP.has(verb)) return this.reply(502, `${verb} not implemented: ${NO_FILES}, so it opens no data connection.`);
    if (TRANSFERS.has(verb)) return this.reply(425, `No data connection: ${NO_FILES}.`);
    return this.reply(550, `No such file or directory: ${NO_FILES}.`);
  }

  private auth(arg: string): void {
    const mechanism = arg.toUpperCase();
    if (mechanism !== 'TLS' && mechanism !== 'TLS-C') return this.reply(504, 'Only AUTH TLS is supported.');
    if (this.secure) return this.reply(503, 'The control connection is already protected by TLS.');
    // RFC 4217 4: the security exchange comes before the logon it protects.
    if (this.loggedOnUser()) return this.reply(503, 'AUTH TLS must come before USER and PASS: reconnect and send it first.');
    const offer = this.settings.tls();
    if ('unavailable' in offer) return this.reply(431, `TLS is not available: ${offer.unavailable}`);
    this.upgrade(offer.context, offer.setting);
  }

  private prot(level: string): void {
    if (!this.secure || !this.pbsz) return this.reply(503, 'Send AUTH TLS and PBSZ 0 first.');
    if (level === 'P') return this.reply(200, 'Protection level set to P.');
    if (level === 'C') {
      return this.settings.tlsRequired ? this.reply(534, 'Data must be protected on this controller: use PROT P.') : this.reply(200, 'Protection level set to C.');
    }
    return this.reply(504, 'Only PROT P and PROT C are supported.');
  }

  private user(name: string): void {
    if (this.settings.tlsRequired && !this.secure) return this.reply(530, 'TLS required: send AUTH TLS first, so the password never crosses the link in clear.');
    if (name === '') return this.reply(501, 'Give a user name: USER name.');
    // A new USER starts a new logon (RFC 959 4.1.1); the previous one ends.
    this.logoff();
    this.pendingUser = name;
    // The same answer for every name: it must not tell which user names exist.
    this.reply(331, `Password required for ${name}.`);
  }

  private async pass(password: string): Promise<void> {
    if (this.settings.tlsRequired && !this.secure) {
      // Once per connection, and the connection ends: a client repeating PASS in clear must not be able to
      // push earlier evidence out of the bounded event history.
      if (!this.refusedClearPassword) {
        this.refusedClearPassword = true;
        this.security.record({ name: 'secret-refused', peer: this.peer(), detail: 'FTP password sent before AUTH TLS; refused unread (TLS required for FTP); connection closed' });
      }
      this.reply(530, 'TLS required: a password was sent before AUTH TLS; connection closed. Reconnect, send AUTH TLS first, then USER and PASS.');
      return this.close();
    }
    const userName = this.pendingUser;
    this.pendingUser = undefined;
    if (userName === undefined) return this.reply(503, 'Send USER first.');
    const auth = this.security.auth;
    if (!auth.enabled && !FTP_CHOICES.logonWithoutUserAuthentication) {
      return this.reply(530, 'User authentication is not set up on this controller: register users first (2.4.4), then log on.');
    }
    const peer = this.peer();
    const clientNonce = createNonce();
    const begun = auth.beginLogon({ userName, clientNonce, ...(peer && { peer }) });
    if (!begun.ok) return this.reply(530, begun.message);
    const { logonId, salt, kdf, combinedNonce } = begun.challenge;
    const authMessage = buildAuthMessage({ userName, clientNonce, combinedNonce, salt, kdf });
    const proof = await computeClientProof(password, salt, kdf, authMessage);
    if (this.closed) return;
    const done = auth.completeLogon({ logonId, clientProof: proof.clientProof, ...(peer && { peer }) });
    this.security.saveUsers();
    if (!done.ok) return this.reply(530, done.message);
    this.security.setSession(this.context, { id: done.sessionId, userName: done.userName, group: done.group });
    if (done.mustChangePassword) {
      this.logoff();
      return this.reply(530, 'Your password has expired: change it with the engineering tool (2.4.4), then log on again.');
    }
    const message = done.logonMessage.split(/\r?\n/).map((l) => l.replace(/[^\x20-\x7e]/g, ' ')).filter((l) => l.trim() !== '');
    if (message.length === 0) return this.reply(230, `User ${done.userName} logged on.`);
    this.replyLines(230, message, `User ${done.userName} logged on.`);
  }

  private quit(): void {
    this.logoff();
    this.reply(221, 'Goodbye.');
    this.close();
  }

  // ------------------------------------------------------------------ TLS

  private upgrade(context: tls.SecureContext, setting: TlsVersionSetting): void {
    this.reply(234, 'AUTH TLS ok: start the TLS handshake.');
    this.upgrading = true;
    // Only this session's listeners leave the raw socket; others on it (the controller's) stay.
    this.raw.off('data', this.onData);
    this.reader.clear();
    // Bytes held back by the bandwidth limitation were sent before the handshake: discarded as well.
    this.held.length = 0;
    clearTimeout(this.receiveTimer);
    this.receiveTimer = undefined;
    // The TLS socket reads the raw one from now on; the pause reasons start again on the new stream.
    this.pausedFor.delete('backlog');
    this.pausedFor.delete('output');
    if (this.raw.isPaused()) this.raw.resume();
    const secure = new tls.TLSSocket(this.raw, { isServer: true, secureContext: context });
    secure.once('secure', () => {
      this.io = secure;
      this.secure = true;
      this.tlsSetting = setting;
      this.upgrading = false;
      this.pendingUser = undefined;
      this.security.record({ name: 'tls-start', peer: this.peer(), detail: `FTPS (explicit, AUTH TLS) TLS ${setting} started` });
      secure.on('data', this.onData);
      this.updateBandwidthPause();
      this.pump();
    });
    // A failed handshake is recorded once (Table 17 row 7), whether the TLS layer reports an error or the
    // client just leaves (Node's client checks the certificate after the handshake and closes silently).
    let failed = false;
    const fail = (why: string): void => {
      if (failed || this.secure) return;
      failed = true;
      this.security.record({ name: 'tls-failure', peer: { address: this.address(), transport: 'tls' }, detail: `FTPS connection refused: ${why}.` });
    };
    secure.on('error', (error: Error & { code?: string }) => {
      fail(describeHandshakeFailure(error, setting));
      this.raw.destroy();
    });
    secure.once('close', () =>
      fail(this.closed ? 'the TLS handshake did not complete within the FTP session timer' : describeHandshakeFailure(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), setting)),
    );
  }

  // ------------------------------------------------------------------ the FTP session timer

  private restartTimer(): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.timedOut(), this.settings.timeoutSeconds * 1000);
    this.timer.unref();
  }

  private timedOut(): void {
    if (this.closed) return;
    const sid = this.security.sessionId(this.context);
    const session = sid === null ? null : this.security.auth.session(sid);
    if (sid !== null && session !== null) {
      this.security.auth.dropSession(sid);
      this.security.record({ name: 'session-timeout', user: session.userName, peer: this.peer(), detail: `FTP session timer: no command for ${this.settings.timeoutSeconds} s` });
    }
    this.security.setSession(this.context, undefined);
    // In the middle of a handshake a clear-text reply would only garble it: the connection just closes.
    if (!this.upgrading) this.reply(421, `Session timed out: no command for ${this.settings.timeoutSeconds} s (FTP session timer); connection closed.`);
    this.close();
  }

  // ------------------------------------------------------------------ output and end

  private reply(code: number, text: string): void {
    this.write(`${code} ${text}\r\n`);
  }

  /** A multi-line reply (RFC 959 4.2): every line but the last prefixed "code-". */
  private replyLines(code: number, lines: string[], last: string): void {
    this.write(lines.map((l) => `${code}-${l}\r\n`).join('') + `${code} ${last}\r\n`);
  }

  private write(text: string): void {
    if (this.closed || this.io.destroyed) return;
    const flushed = this.io.write(text, this.onFlushed);
    // A peer that does not read its replies stops the session reading its commands until they have left.
    if (!flushed || this.outputBackedUp()) this.pauseInput('output', true);
    if (this.throttle) {
      this.unchargedSend += Buffer.byteLength(text, 'latin1');
      if (this.sendTimer === undefined) this.chargeSend(0);
    }
  }

  /**
   * Counts written replies against the send limit. Over the limit, no further command is handled (and no
   * input read) until the limitation lets the bytes through, so replies go out at the limited rate.
   */
  private chargeSend(attempt: number): void {
    this.sendTimer = undefined;
    if (this.closed || this.unchargedSend === 0) return;
    const wait = attempt >= MAX_THROTTLE_ATTEMPTS ? 0 : this.throttle!(this.unchargedSend, 'send');
    if (wait > 0) {
      this.sendTimer = setTimeout(() => this.chargeSend(attempt + 1), wait);
      this.updateBandwidthPause();
      return;
    }
    this.unchargedSend = 0;
    if (attempt === 0) return;
    this.updateBandwidthPause();
    this.pump();
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    this.io.end();
    this.graceTimer = setTimeout(() => this.raw.destroy(), FTP_CHOICES.closeGraceMs);
    this.graceTimer.unref();
  }

  private onClose(): void {
    this.closed = true;
    clearTimeout(this.timer);
    clearTimeout(this.graceTimer);
    clearTimeout(this.receiveTimer);
    clearTimeout(this.sendTimer);
    this.held.length = 0;
    if (this.secure) this.security.record({ name: 'tls-end', peer: this.peer(), detail: `FTPS TLS ${this.tlsSetting} ended` });
    // The controller's own disconnect handling logs off a logon still open (recorded as logoff).
  }

  private loggedOnUser(): string | undefined {
    const sid = this.security.sessionId(this.context);
    if (sid === null) return undefined;
    const session = this.security.auth.session(sid);
    if (session === null) {
      this.security.setSession(this.context, undefined);
      return undefined;
    }
    this.security.auth.touch(sid);
    return session.userName;
  }

  private logoff(): void {
    const sid = this.security.sessionId(this.context);
    if (sid !== null) this.security.auth.logoff(sid);
    this.security.setSession(this.context, undefined);
  }

  private address(): string {
    return this.context.remoteAddress?.replace(/^::ffff:/, '') ?? 'unknown';
  }

  /** The events' peer: the transport is 'tls' once the control connection is protected. */
  private peer(): Peer {
    return { address: this.address(), transport: this.secure ? 'tls' : 'tcp' };
  }
}
