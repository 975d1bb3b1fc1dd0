// Splits an FTP control connection's bytes into command lines (RFC 959 4.1: a command ends with CRLF;
// a bare LF is accepted, as most servers do). Bounded: a line longer than the limit is discarded up to its
// end and reported once as 'overlong', so a peer cannot make the device hold an endless line.

const EMPTY = Buffer.alloc(0);

export type CommandLine = { kind: 'line'; text: string } | { kind: 'overlong' } | { kind: 'malformed' };

export class CommandLineReader {
  private buffer: Buffer = EMPTY;
  /** Inside a line that was already too long: bytes are dropped until its LF. */
  private discarding = false;

  constructor(private readonly maxLineBytes: number) {}

  push(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
  }

  /** Bytes received and not yet taken as lines. */
  get buffered(): number {
    return this.buffer.length;
  }

  /** Forgets everything received so far (RFC 4217: nothing sent before the TLS handshake counts after it). */
  clear(): void {
    this.buffer = EMPTY;
    this.discarding = false;
  }

  /** The next complete line, or undefined when none has fully arrived. */
  next(): CommandLine | undefined {
    const lf = this.buffer.indexOf(0x0a);
    if (this.discarding) {
      if (lf < 0) {
        this.buffer = EMPTY;
        return undefined;
      }
      this.buffer = this.buffer.subarray(lf + 1);
      this.discarding = false;
      return { kind: 'overlong' };
    }
    if (lf < 0) {
      if (this.buffer.length >= this.maxLineBytes) {
        this.buffer = EMPTY;
        this.discarding = true;
      }
      return undefined;
    }
    const raw = this.buffer.subarray(0, lf);
    this.buffer = this.buffer.subarray(lf + 1);
    if (lf + 1 > this.maxLineBytes) return { kind: 'overlong' };
    const body = raw.length > 0 && raw[raw.length - 1] === 0x0d ? raw.subarray(0, raw.length - 1) : raw;
    // Commands are printable ASCII (RFC 959 uses the Telnet NVT-ASCII set); anything else is not a command.
    for (const b of body) if (b < 0x20 || b > 0x7e) return { kind: 'malformed' };
    return { kind: 'line', text: body.toString('latin1') };
  }
}
