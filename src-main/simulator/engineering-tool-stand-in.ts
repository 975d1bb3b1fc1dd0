// A stand-in for the engineering tool (GX Works3) at a STOCK virtual controller: the hands of the technician
// who writes the security settings over the MELSOFT connection, which is proprietary (shared facts) and which
// the project neither implements nor imitates on the wire. A stock controller answers C059 to the project's
// security commands, so its settings change only here: tests and end-to-end journeys call this to play what
// the technician does in GX Works3 (write the parameters, write a certificate, reset the CPU), and the app
// can only see the result from the network, as with a real controller.
//
// The writes are checked by the SAME device rules as the full virtual controller's 7E03 (checkBlock,
// applyEnhancedSecurity) and stored in the same records, so the IP filter, closed ports, TLS service,
// certificate and bandwidth limitation behave exactly as on the full virtual device after the restart.
//
// Reached in-process (practice devices, unit tests) or over a local control channel (serveEngineeringTool):
// one JSON object per line each way, on a Unix domain socket (a named pipe on Windows) that only this
// computer's user can reach. It is a test/practice instrument, never part of a real controller.

import net from 'node:net';
import { existsSync, rmSync } from 'node:fs';
import { createSelfSignedCertificate, type CertificateKeyType } from '../crypto/certificate';
import type { ControllerSecurity } from './controller-security';
import { readStoredCertificate, writeStoredCertificate } from './crypto-functions/certificate-store';
import { applyEnhancedSecurity, checkBlock, type Blocks, type Rejection } from './security-commands/parameter-blocks';

/** Who the event history names for a write from the engineering tool (the MELSOFT connection). */
const ENGINEERING_TOOL_PEER = { address: 'engineering-tool', transport: 'tcp' } as const;

export interface CertificateRequest {
  /** Default 365 (the engineering tool's default, 2.4.7.2). */
  validityDays?: number;
  /** Default: the model name. */
  commonName?: string;
  /** Default ec-p256. */
  keyType?: CertificateKeyType;
}

export interface StandInState {
  written: Blocks;
  inEffect: Blocks;
  pendingRestart: boolean;
  certificate: { fingerprint256: string; notBefore: string; notAfter: string; subject: string } | null;
}

export class EngineeringToolStandIn {
  constructor(private readonly security: ControllerSecurity) {}

  /** "Write to PLC" of the security parameters: checked like 7E03, in effect after the next reset. */
  writeParameters(blocks: Blocks): { rejected: Rejection[] } {
    const family = this.security.controller.model.family;
    if (blocks === null || typeof blocks !== 'object' || Array.isArray(blocks)) return { rejected: [{ path: 'blocks', message: 'must be an object of parameter blocks by name.' }] };
    const rejected = Object.entries(blocks).flatMap(([name, value]) => checkBlock(name, value, family));
    if (rejected.length > 0) return { rejected };
    this.security.writeBlocks(applyEnhancedSecurity({ ...this.security.writtenBlocks(), ...blocks }, family));
    this.security.record({ name: 'parameter-write', peer: ENGINEERING_TOOL_PEER, detail: `${Object.keys(blocks).join(', ') || 'no blocks'} written by the engineering tool; in effect after the next restart` });
    return { rejected: [] };
  }

  /** Certificate management in the engineering tool: a new self-signed certificate from the device clock. */
  async writeCertificate(request: CertificateRequest = {}): Promise<{ fingerprint256: string }> {
    const created = await createSelfSignedCertificate({
      commonName: request.commonName ?? this.security.controller.model.name,
      validityDays: request.validityDays ?? 365,
      keyType: request.keyType ?? 'ec-p256',
      notBefore: this.security.now(),
    });
    writeStoredCertificate(this.security.controller.stateDir, { version: 1, certificatePem: created.certificatePem, privateKeyPem: created.privateKeyPem, writtenAt: this.security.now().toISOString() });
    this.security.record({ name: 'certificate-written', peer: ENGINEERING_TOOL_PEER, detail: `SHA-256 ${created.fingerprint256} written by the engineering tool; takes effect at the next restart` });
    return { fingerprint256: created.fingerprint256 };
  }

  /** The CPU reset (remote operation in the engineering tool, the switch, or a power cycle). */
  async reset(): Promise<void> {
    await this.security.controller.restart();
  }

  state(): StandInState {
    const cert = readStoredCertificate(this.security.controller.stateDir);
    return {
      written: this.security.writtenBlocks(),
      inEffect: this.security.activeBlocks(),
      pendingRestart: this.security.pendingRestart(),
      certificate: cert
        ? { fingerprint256: cert.parsed.fingerprint256, notBefore: cert.parsed.notBefore.toISOString(), notAfter: cert.parsed.notAfter.toISOString(), subject: cert.parsed.subject }
        : null,
    };
  }
}

// ---------------------------------------------------------------------------------------------------
// The local control channel
// ---------------------------------------------------------------------------------------------------

// Project choice: a request line is at most 1 MiB (a parameter set is a few KB); a longer one closes the channel.
const MAX_LINE_BYTES = 1 << 20;

export type StandInRequest =
  | { op: 'write-parameters'; blocks: Blocks }
  | { op: 'write-certificate'; certificate?: CertificateRequest }
  | { op: 'reset' }
  | { op: 'state' };

async function handle(standIn: EngineeringToolStandIn, request: StandInRequest): Promise<Record<string, unknown>> {
  switch (request.op) {
    case 'write-parameters':
      return { ...standIn.writeParameters(request.blocks) };
    case 'write-certificate':
      return { ...(await standIn.writeCertificate(request.certificate ?? {})) };
    case 'reset':
      await standIn.reset();
      return {};
    case 'state':
      return { ...standIn.state() };
    default:
      throw new Error(`unknown operation "${(request as { op?: unknown }).op}"; one of write-parameters, write-certificate, reset, state`);
  }
}

/** Serves the stand-in on a local socket path until the returned close() (or the controller stops). */
export async function serveEngineeringTool(standIn: EngineeringToolStandIn, path: string): Promise<{ path: string; close(): Promise<void> }> {
  if (process.platform !== 'win32' && existsSync(path)) rmSync(path, { force: true });
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let buffer = '';
    let chain = Promise.resolve();
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      if (buffer.length > MAX_LINE_BYTES) return void socket.destroy();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        // Requests are answered one after the other, in order.
        chain = chain.then(async () => {
          let reply: Record<string, unknown>;
          try {
            reply = { ok: true, ...(await handle(standIn, JSON.parse(line) as StandInRequest)) };
          } catch (e) {
            reply = { ok: false, error: (e as Error).message };
          }
          if (!socket.destroyed) socket.write(JSON.stringify(reply) + '\n');
        });
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  let closing: Promise<void> | undefined;
  return {
    path,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      })),
  };
}
