// The adapter's web interface (4.4.5, 4.3.1): one HTTPS server with the page a technician opens in Chrome
// and the JSON API the app's driver uses. Project choice: HTTPS with the adapter's own self-signed
// certificate (the passwords and the passphrase cross it); the driver pins the certificate's fingerprint.
// Password authentication cannot be turned off: every API call but the identity and the logon needs a
// session; a session opened with the factory password may only set a new password.
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type net from 'node:net';
import { randomBytes } from 'node:crypto';
import { createSelfSignedCertificate, type CreatedCertificate } from '../../crypto/certificate';
import { AdapterRefusal, type WlanAdapterDevice } from './adapter-device';
import { LOGON_DELAY_MS, SESSION_IDLE_MS } from './adapter-choices';
import { ADAPTER_PAGE_HTML, ADAPTER_PAGE_SCRIPT } from './adapter-page';
import { isLoopbackHost } from './loopback';
import type { z } from 'zod';
import {
  ADAPTER_LOG_TEXT,
  BackupRequestSchema,
  FirmwareRequestSchema,
  INITIALIZE_CONFIRMATION,
  InitializeRequestSchema,
  LogonRequestSchema,
  PasswordChangeRequestSchema,
  RadiusCertificateRequestSchema,
  REQUEST_FIELD_WORDS,
  RestoreRequestSchema,
  SettingWriteRequestSchema,
  type AdapterIdentityAnswer,
  type AdapterRefusalAnswer,
  type LogonAnswer,
} from '../../model/wlan-adapter-api';

const JSON_LIMIT = 32 * 1024 * 1024; // a firmware package travels base64 in JSON
const MAX_SESSIONS = 16;

interface Session {
  lastUsed: number;
  /** Opened with the factory password: only the password change is allowed. */
  restricted: boolean;
}

export interface AdapterWebOptions {
  host: string;
  port: number;
  sessionIdleMs?: number;
  logonDelayMs?: { first: number; max: number };
  certificate?: CreatedCertificate;
}

export interface AdapterWebServer {
  readonly host: string;
  readonly port: number;
  readonly fingerprint256: string;
  /** Ends every session (a restart or an initialization). */
  endSessions(): void;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'Strict-Transport-Security': 'max-age=31536000',
};

export async function startAdapterWeb(device: WlanAdapterDevice, options: AdapterWebOptions): Promise<AdapterWebServer> {
  if (!isLoopbackHost(options.host)) throw new Error(`The virtual adapter listens on a loopback address only, not on ${options.host}.`);
  const cert = options.certificate ?? (await createSelfSignedCertificate({ commonName: options.host === 'localhost' ? 'localhost' : options.host, keyType: 'ec-p256' }));
  const idleMs = options.sessionIdleMs ?? SESSION_IDLE_MS;
  const delay = options.logonDelayMs ?? LOGON_DELAY_MS;
  const sessions = new Map<string, Session>();
  const failures = new Map<string, number>();

  const send = (res: ServerResponse, status: number, body: unknown, type = 'application/json; charset=utf-8'): void => {
    const data = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
    res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type });
    res.end(data);
  };
  const refuse = (res: ServerResponse, e: AdapterRefusal): void => send(res, e.status, { error: { code: e.code, message: e.message } } satisfies AdapterRefusalAnswer);

  const readJson = (req: IncomingMessage): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > JSON_LIMIT) {
          reject(new AdapterRefusal(413, 'invalid-setting', 'The request is too large.'));
          req.destroy();
        } else chunks.push(c);
      });
      req.on('end', () => {
        if (chunks.length === 0) return resolve({});
        try {
          const v = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
          if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error();
          resolve(v as Record<string, unknown>);
        } catch {
          reject(new AdapterRefusal(400, 'invalid-setting', 'The request is not a JSON object.'));
        }
      });
      req.on('error', reject);
    });

  const session = (req: IncomingMessage, allowRestricted = false): Session => {
    const token = /^Bearer ([0-9a-f]{64})$/.exec(req.headers.authorization ?? '')?.[1];
    const s = token ? sessions.get(token) : undefined;
    if (!s) throw new AdapterRefusal(401, 'not-logged-on', 'Log in to the web interface first.');
    if (Date.now() - s.lastUsed > idleMs) {
      sessions.delete(token!);
      throw new AdapterRefusal(401, 'session-expired', 'The session ended after a period without use; log in again.');
    }
    if (s.restricted && !allowRestricted) throw new AdapterRefusal(403, 'password-change-required', 'The factory password only lets you set a new password; set it, then log in with it (4.4.5).');
    s.lastUsed = Date.now();
    return s;
  };

  /** The request body as the API's schema says (model/wlan-adapter-api.ts); a missing field is named. */
  const body = async <S extends z.ZodTypeAny>(req: IncomingMessage, schema: S): Promise<z.infer<S>> => {
    const r = schema.safeParse(await readJson(req));
    if (r.success) return r.data as z.infer<S>;
    const field = String(r.error.issues[0]?.path[0] ?? '');
    throw new AdapterRefusal(400, 'invalid-setting', REQUEST_FIELD_WORDS[field] ? `Enter the ${REQUEST_FIELD_WORDS[field]}.` : 'The request does not have the fields this page expects.');
  };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://adapter');
    const path = url.pathname;
    const m = req.method ?? 'GET';
    if (m === 'GET' && (path === '/' || path === '/index.html')) return send(res, 200, ADAPTER_PAGE_HTML, 'text/html; charset=utf-8');
    if (m === 'GET' && path === '/app.js') return send(res, 200, ADAPTER_PAGE_SCRIPT, 'text/javascript; charset=utf-8');
    if (m === 'GET' && path === '/api/identity') return send(res, 200, { model: device.model, api: 1 } satisfies AdapterIdentityAnswer);
    if (m === 'POST' && path === '/api/logon') {
      const logon = LogonRequestSchema.safeParse(await readJson(req));
      const who = req.socket.remoteAddress ?? '?';
      const n = failures.get(who) ?? 0;
      // Wrong passwords slow the next answers to this client (bounded: at most delay.max).
      if (n > 0) await new Promise((r) => setTimeout(r, Math.min(delay.first * 2 ** (n - 1), delay.max)));
      const result = await device.checkPassword(logon.success ? logon.data.password : '');
      if (result === 'wrong') {
        failures.set(who, Math.min(n + 1, 16));
        device.log('event', ADAPTER_LOG_TEXT.loginFailed(who));
        throw new AdapterRefusal(401, 'wrong-credentials', 'The password is wrong.');
      }
      failures.delete(who);
      if (sessions.size >= MAX_SESSIONS) {
        const oldest = [...sessions].sort((a, b) => a[1].lastUsed - b[1].lastUsed)[0];
        if (oldest) sessions.delete(oldest[0]);
      }
      const token = randomBytes(32).toString('hex');
      sessions.set(token, { lastUsed: Date.now(), restricted: result === 'factory' });
      device.log('event', `Login from ${who}${result === 'factory' ? ' with the factory password (password change required)' : ''}`);
      return send(res, 200, { token, mustChangePassword: result === 'factory', sessionIdleSeconds: Math.round(idleMs / 1000) } satisfies LogonAnswer);
    }
    if (m === 'POST' && path === '/api/logoff') {
      const token = /^Bearer ([0-9a-f]{64})$/.exec(req.headers.authorization ?? '')?.[1];
      if (token) sessions.delete(token);
      return send(res, 200, { ok: true });
    }
    if (m === 'POST' && path === '/api/password') {
      session(req, true);
      const change = await body(req, PasswordChangeRequestSchema);
      await device.setPassword(change.current, change.next);
      sessions.clear(); // every session logs in again with the new password
      return send(res, 200, { ok: true });
    }
    session(req);
    if (m === 'GET' && path === '/api/settings') return send(res, 200, { settings: device.settings, status: device.status() });
    const setting = /^\/api\/settings\/([A-Za-z]+)$/.exec(path)?.[1];
    if (m === 'PUT' && setting) {
      const write = await body(req, SettingWriteRequestSchema);
      const value = device.writeSetting(setting, write.value, write.passphrase !== undefined ? { passphrase: write.passphrase } : {});
      return send(res, 200, { key: setting, value });
    }
    if (m === 'PUT' && path === '/api/radius-certificate') return send(res, 200, device.writeRadiusCertificate((await body(req, RadiusCertificateRequestSchema)).pem));
    if (m === 'GET' && path === '/api/logs') return send(res, 200, { entries: device.readLogs() });
    if (m === 'GET' && path === '/api/logs/export') {
      res.setHeader('Content-Disposition', 'attachment; filename="adapter-log.txt"');
      return send(res, 200, device.exportLogs(), 'text/plain; charset=utf-8');
    }
    if (m === 'DELETE' && path === '/api/logs') return void (device.deleteLogs(), send(res, 200, { ok: true }));
    if (m === 'POST' && path === '/api/backup') {
      const file = await device.backup((await body(req, BackupRequestSchema)).password);
      return send(res, 200, { file: file.toString('base64') });
    }
    if (m === 'POST' && path === '/api/restore') {
      const restore = await body(req, RestoreRequestSchema);
      await device.restore(Buffer.from(restore.file, 'base64'), restore.password);
      return send(res, 200, { ok: true });
    }
    if (m === 'POST' && path === '/api/initialize') {
      if (!InitializeRequestSchema.safeParse(await readJson(req)).success) throw new AdapterRefusal(400, 'confirmation-required', `Confirm the initialization: send confirm "${INITIALIZE_CONFIRMATION}".`);
      await device.initialize();
      sessions.clear();
      return send(res, 200, { ok: true });
    }
    if (m === 'POST' && path === '/api/firmware') return send(res, 200, await device.updateFirmware(Buffer.from((await body(req, FirmwareRequestSchema)).package, 'base64')));
    if (m === 'POST' && path === '/api/restart') {
      device.log('event', 'Restarted from the web interface');
      sessions.clear();
      return send(res, 200, { ok: true });
    }
    throw new AdapterRefusal(404, 'not-found', 'The web interface has no such page.');
  }

  const server = https.createServer({ cert: cert.certificatePem, key: cert.privateKeyPem, minVersion: 'TLSv1.2' }, (req, res) => {
    route(req, res).catch((e: unknown) => {
      if (e instanceof AdapterRefusal) return refuse(res, e);
      if (!res.headersSent) send(res, 500, { error: { code: 'internal', message: 'The adapter could not complete the request.' } });
    });
  });
  const sockets = new Set<net.Socket>();
  server.on('secureConnection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    host: options.host,
    port: (server.address() as net.AddressInfo).port,
    fingerprint256: cert.fingerprint256,
    endSessions: () => sessions.clear(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
