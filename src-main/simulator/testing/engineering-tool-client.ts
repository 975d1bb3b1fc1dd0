// The other end of the engineering-tool stand-in's control channel (engineering-tool-stand-in.ts): what a
// test or an end-to-end journey uses to play the technician's hands in GX Works3 at a stock controller.
import net from 'node:net';
import type { Blocks, Rejection } from '../security-commands/parameter-blocks';
import type { CertificateRequest, StandInRequest, StandInState } from '../engineering-tool-stand-in';

// Project choice: a reset with its restart answers within seconds; 30 s leaves a loaded machine room.
const REPLY_TIMEOUT_MS = 30_000;

export class EngineeringToolClient {
  private buffer = '';
  private readonly waiting: Array<(line: string) => void> = [];

  private constructor(private readonly socket: net.Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      let nl: number;
      while ((nl = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, nl);
        this.buffer = this.buffer.slice(nl + 1);
        this.waiting.shift()?.(line);
      }
    });
    socket.on('error', () => undefined);
  }

  static connect(path: string): Promise<EngineeringToolClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect(path);
      s.once('connect', () => resolve(new EngineeringToolClient(s)));
      s.once('error', reject);
    });
  }

  call(request: StandInRequest): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the stand-in did not answer "${request.op}" within ${REPLY_TIMEOUT_MS} ms`)), REPLY_TIMEOUT_MS);
      this.waiting.push((line) => {
        clearTimeout(timer);
        const reply = JSON.parse(line) as { ok: boolean; error?: string };
        if (reply.ok) resolve(reply as Record<string, unknown>);
        else reject(new Error(reply.error ?? 'the stand-in refused'));
      });
      this.socket.write(JSON.stringify(request) + '\n');
    });
  }

  async writeParameters(blocks: Blocks): Promise<{ rejected: Rejection[] }> {
    return (await this.call({ op: 'write-parameters', blocks })) as unknown as { rejected: Rejection[] };
  }

  async writeCertificate(certificate: CertificateRequest = {}): Promise<{ fingerprint256: string }> {
    return (await this.call({ op: 'write-certificate', certificate })) as unknown as { fingerprint256: string };
  }

  async reset(): Promise<void> {
    await this.call({ op: 'reset' });
  }

  async state(): Promise<StandInState> {
    return (await this.call({ op: 'state' })) as unknown as StandInState;
  }

  close(): void {
    this.socket.destroy();
  }
}
