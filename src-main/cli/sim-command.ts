// `mxc sim`: runs a virtual MX controller until SIGINT/SIGTERM. With --json it prints one JSON object
// per line each time its set of listeners changes; scripts and tests find the controller that way.

import { parseArgs } from 'node:util';
import { CliUsageError, type CliCommand, type CliIo } from './cli-command';
import { CONTROLLER_MODELS } from '../simulator/controller-models';
import { startVirtualController, type RunningController } from '../simulator/start-virtual-controller';
import type { ListenerInfo } from '../simulator/listener-set';
import { ADAPTER_MODEL } from '../simulator/wlan-adapter/adapter-choices';
import { startVirtualAdapter, type RunningAdapter } from '../simulator/wlan-adapter/virtual-adapter';
import { serveEngineeringTool } from '../simulator/engineering-tool-stand-in';

const DEFAULT_MODEL = 'MXR300-32';

const HELP = `Usage: mxc sim [options]

Starts a virtual MX controller (a practice device that answers SLMP like a real one) and keeps it
running until Ctrl+C (SIGINT) or SIGTERM, then closes every service and exits with code 0.

Options:
  --model NAME         Model to simulate (default ${DEFAULT_MODEL}). One of:
                       ${CONTROLLER_MODELS.map((m) => m.name).join(', ')},
                       or ${ADAPTER_MODEL} (the CC-Link IE TSN wireless LAN adapter)
  --host ADDRESS       Address the SLMP service binds (default 127.0.0.1)
  --slmp-port N        SLMP over TCP port; 0 (default) picks a free port
  --tls-port N         SLMP over TLS port, open once a certificate is written and in effect
                       (2.4.7); 0 (default) picks a free port
  --ftp-port N         FTP(S) server port, open while the parameters in effect put FTP in use
                       (encryptedCommunication.functions.ftps.inUse); 0 (default) picks a free port
  --sntp-port N        UDP port of the SNTP server the clock setting names (default 123; a practice
                       time server on this computer usually listens elsewhere)
  --usb-socket PATH    Also open the virtual USB cable: a Unix domain socket path
                       (on Windows a named pipe, \\\\.\\pipe\\NAME)
  --state DIR          Keep the controller's non-volatile state (parameters, users, event history,
                       certificates) in DIR; a temporary directory, removed at exit, if omitted
  --sd-card DIR        The controller's SD memory card: a folder (event history saved to the SD card,
                       backups to the SD card). Initialization never touches it. Default: the folder
                       sd-card inside the state directory
  --idle-timeout SEC   Close a connection after SEC seconds without traffic (default 600)
  --web-port N         Adapter only: the web interface's HTTPS port; 0 (default) picks a free port
  --wired-port N       Adapter only: the wired LAN side's port; 0 (default) picks a free port
  --air-port N         Adapter only: join the virtual air of another adapter (its "air" listener);
                       without it the adapter starts an air of its own on this computer
  --stock              A STOCK controller, as a real MX-R/MX-F behaves: standard SLMP only, and only on
                       --slmp-port when given (a real controller opens no SLMP port at the factory: the
                       engineering tool does); MELSOFT and the other default services listen and speak
                       nothing; the project's security commands answer C059 (not supported); the USB cable
                       carries nothing the app speaks. Its security settings change only through the
                       engineering-tool stand-in (--engineering-tool-socket). IP filter, closed ports,
                       TLS service, certificate and bandwidth limitation behave as without --stock.
  --engineering-tool-socket PATH
                       With --stock: a local socket where the stand-in for GX Works3 takes one JSON
                       object per line and answers one per line:
                         {"op":"write-parameters","blocks":{...}}   the security parameters (profile
                                                                    shapes), in effect after a reset
                         {"op":"write-certificate","certificate":{"validityDays":365}}
                         {"op":"reset"}                             the CPU reset (parameters take effect)
                         {"op":"state"}                             written / in effect / certificate
                       Answers {"ok":true,...} or {"ok":false,"error":"..."}.
  --nominal-ports      Bind the default open services on their nominal port numbers (MELSOFT TCP 5007,
                       UDP 5006, ...) instead of free ones; give the controller its own --host
                       (e.g. 127.0.0.23) so it looks from the network as a real one does
  --json               Machine-readable output (see below)
  -h, --help           This text

Output with --json: one JSON object per line on stdout, printed at start, after every restart
(remote RESET) and whenever a service opens or closes:

  {"event":"listening","model":"MXR300-32","listeners":[
    {"service":"slmp","transport":"tcp","host":"127.0.0.1","port":40123,"tls":false},
    {"service":"usb","transport":"unix","path":"/tmp/x.sock","tls":false}]}

(on one line). Each listener is either
  {"service":S,"transport":"tcp","host":H,"port":P,"tls":B}             a TCP (or TLS) service,
  {"service":S,"transport":"udp","host":H,"port":P,"tls":false}         a UDP service, or
  {"service":S,"transport":"unix"|"pipe","path":F,"tls":B}              a local socket (the virtual USB
                                                                        cable; "pipe" on Windows).
Services: "slmp" (SLMP binary 3E/4E over TCP; closed while the parameters in effect put SLMP on TLS),
"usb" (the same frames over the virtual USB cable), "ftp" (the FTP(S) control connection, while FTP is
in use), and one entry per default open TCP or UDP service
of the controller's Ethernet port (2.4.9; they accept but speak nothing), e.g.
  {"service":"melsoft-tcp","transport":"tcp","host":H,"port":P,"tls":false,"networkPort":"port3","nominalPort":5007}
(the real controller's port number is "nominalPort"; the virtual one listens on "port"). A service set
closed in the parameters has no listener after the next restart. Further modules add further entries
of the same shape. Errors go to stderr.
The wireless LAN adapter (--model ${ADAPTER_MODEL}) announces the same line with the services "web" (its
web interface, HTTPS, "fingerprint256" its certificate's SHA-256 fingerprint), "wired" (its wired LAN side)
and "air" (the virtual air its radio is on, "mac" the radio's MAC address; give that port to the second
adapter with --air-port).
Without --json one human-readable line is printed per change.
`;

interface SimOptions {
  model: string;
  host: string;
  /** undefined: the default (0 = a free port; none on a stock controller). */
  slmpPort: number | undefined;
  stock: boolean;
  engineeringToolSocket: string | undefined;
  nominalPorts: boolean;
  tlsPort: number;
  ftpPort: number;
  sntpPort: number;
  usbSocket: string | undefined;
  stateDir: string | undefined;
  sdCardDir: string | undefined;
  idleTimeoutMs: number | undefined;
  webPort: number;
  wiredPort: number;
  airPort: number | undefined;
  json: boolean;
}

export function parseSimArgs(args: string[]): SimOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        model: { type: 'string' },
        host: { type: 'string' },
        'slmp-port': { type: 'string' },
        'tls-port': { type: 'string' },
        'ftp-port': { type: 'string' },
        'sntp-port': { type: 'string' },
        'usb-socket': { type: 'string' },
        state: { type: 'string' },
        'sd-card': { type: 'string' },
        'idle-timeout': { type: 'string' },
        'web-port': { type: 'string' },
        'wired-port': { type: 'string' },
        'air-port': { type: 'string' },
        json: { type: 'boolean' },
        stock: { type: 'boolean' },
        'engineering-tool-socket': { type: 'string' },
        'nominal-ports': { type: 'boolean' },
      },
    }));
  } catch (e) {
    throw new CliUsageError((e as Error).message);
  }
  const port = values['slmp-port'] === undefined ? undefined : integer(values['slmp-port'], '--slmp-port', 0, 65535);
  const stock = values.stock ?? false;
  if (!stock && values['engineering-tool-socket'] !== undefined) throw new CliUsageError('--engineering-tool-socket is for a stock controller: add --stock.');
  const tlsPort = integer(values['tls-port'] ?? '0', '--tls-port', 0, 65535);
  const ftpPort = integer(values['ftp-port'] ?? '0', '--ftp-port', 0, 65535);
  const sntpPort = integer(values['sntp-port'] ?? '123', '--sntp-port', 1, 65535);
  const idle = values['idle-timeout'] === undefined ? undefined : integer(values['idle-timeout'], '--idle-timeout', 1, 86400);
  return {
    model: values.model ?? DEFAULT_MODEL,
    host: values.host ?? '127.0.0.1',
    slmpPort: port,
    stock,
    engineeringToolSocket: values['engineering-tool-socket'],
    nominalPorts: values['nominal-ports'] ?? false,
    tlsPort,
    ftpPort,
    sntpPort,
    usbSocket: values['usb-socket'],
    stateDir: values.state,
    sdCardDir: values['sd-card'],
    idleTimeoutMs: idle === undefined ? undefined : idle * 1000,
    webPort: integer(values['web-port'] ?? '0', '--web-port', 0, 65535),
    wiredPort: integer(values['wired-port'] ?? '0', '--wired-port', 0, 65535),
    airPort: values['air-port'] === undefined ? undefined : integer(values['air-port'], '--air-port', 1, 65535),
    json: values.json ?? false,
  };
}

function integer(text: string, option: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) {
    throw new CliUsageError(`${option} must be a whole number from ${min} to ${max}, got "${text}"`);
  }
  return n;
}

export function listeningEvent(model: string, listeners: Array<ListenerInfo & { fingerprint256?: string; mac?: string }>): string {
  return JSON.stringify({ event: 'listening', model, listeners });
}

/** The adapter is chosen by its model name (the same rule as `mxc profile recommended`). */
export const isAdapterModel = (model: string): boolean => model === ADAPTER_MODEL || /wlan|wireless/i.test(model);

async function runAdapter(options: SimOptions, io: CliIo, stopped: () => Promise<void>): Promise<number> {
  let running: RunningAdapter | undefined;
  try {
    running = await startVirtualAdapter({
      model: options.model,
      host: options.host,
      webPort: options.webPort,
      wiredPort: options.wiredPort,
      ...(options.airPort !== undefined ? { airPort: options.airPort } : {}),
    });
    const fp = running.web.fingerprint256;
    const listeners = running.listeners.map((l) => (l.service === 'web' ? { ...l, fingerprint256: fp } : l.service === 'air' ? { ...l, mac: running!.device.wirelessMac } : l));
    io.stdout(options.json ? listeningEvent(running.device.model, listeners) : `${describe(running.device.model, listeners)}\nWeb interface certificate SHA-256 ${fp}. Press Ctrl+C to stop.`);
    await stopped();
    return 0;
  } finally {
    await running?.stop();
  }
}

/** Human-readable lines: the services, then (on a line of their own) the default open ports of 2.4.9. */
function describe(model: string, listeners: ListenerInfo[]): string {
  const part = (l: ListenerInfo): string =>
    l.transport === 'tcp' || l.transport === 'udp'
      ? `${l.service} ${l.tls ? 'tls' : l.transport}://${l.host}:${l.port}`
      : `${l.service} ${l.transport}:${l.path}`;
  const isDefault = (l: ListenerInfo): boolean => (l.transport === 'tcp' || l.transport === 'udp') && l.networkPort !== undefined;
  const services = listeners.filter((l) => !isDefault(l));
  const defaults = listeners.filter(isDefault);
  const first = services.length === 0 ? `Virtual ${model}: no service open` : `Virtual ${model} listening: ${services.map(part).join(', ')}`;
  if (defaults.length === 0) return first;
  const nominal = (l: ListenerInfo): string =>
    (l.transport === 'tcp' || l.transport === 'udp') && l.nominalPort !== undefined ? ` (port ${l.nominalPort} on a real controller)` : '';
  return `${first}\nDefault open ports: ${defaults.map((l) => part(l) + nominal(l)).join(', ')}`;
}

export const simCommand: CliCommand = {
  name: 'sim',
  summary: 'Start a virtual MX controller or wireless LAN adapter (practice device) on local sockets',
  help: HELP,
  async run(args: string[], io: CliIo): Promise<number> {
    const options = parseSimArgs(args);

    // Signals that arrive while starting still stop the controller once it is up.
    let stopRequested = false;
    let wake: (() => void) | undefined;
    const onSignal = (): void => {
      stopRequested = true;
      wake?.();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);

    let running: RunningController | undefined;
    let unsubscribe: (() => void) | undefined;
    if (isAdapterModel(options.model)) {
      try {
        return await runAdapter(options, io, async () => {
          if (!stopRequested) await new Promise<void>((resolve) => (wake = resolve));
        });
      } finally {
        process.removeListener('SIGINT', onSignal);
        process.removeListener('SIGTERM', onSignal);
      }
    }
    try {
      const common = {
        model: options.model,
        host: options.host,
        ...(options.usbSocket !== undefined ? { usbSocket: options.usbSocket } : {}),
        ...(options.stateDir !== undefined ? { stateDir: options.stateDir } : {}),
        ...(options.idleTimeoutMs !== undefined ? { idleTimeoutMs: options.idleTimeoutMs } : {}),
      };
      running = options.stock
        ? await startVirtualController({
            ...common,
            ...(options.slmpPort !== undefined ? { slmpPort: options.slmpPort } : {}),
            stock: {
              host: options.host,
              tls: { host: options.host, port: options.tlsPort },
              defaultPortsAtNominal: options.nominalPorts,
              ...(options.sdCardDir !== undefined ? { sdCardDir: options.sdCardDir } : {}),
            },
          })
        : await startVirtualController({
            ...common,
            slmpPort: options.slmpPort ?? 0,
            security: {
              tls: { host: options.host, port: options.tlsPort },
              ftp: { host: options.host, port: options.ftpPort },
              sntpPort: options.sntpPort,
              ...(options.sdCardDir !== undefined ? { sdCardDir: options.sdCardDir } : {}),
            },
          });
      if (options.engineeringToolSocket !== undefined && running.engineeringTool) {
        const channel = await serveEngineeringTool(running.engineeringTool, options.engineeringToolSocket);
        running.controller.onStop(() => void channel.close());
        if (!options.json) io.stdout(`Engineering-tool stand-in: ${channel.path}`);
      }
      const model = running.model.name;
      const print = (listeners: ListenerInfo[]): void =>
        io.stdout(options.json ? listeningEvent(model, listeners) : describe(model, listeners));
      print(running.listeners);
      unsubscribe = running.onListenersChanged(print);
      if (!options.json) io.stdout(`State directory: ${running.stateDir}. Press Ctrl+C to stop.`);
      if (!stopRequested) await new Promise<void>((resolve) => (wake = resolve));
      return 0;
    } finally {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      // The closing services are not announced: the process exit is the announcement.
      unsubscribe?.();
      await running?.stop();
    }
  },
};
