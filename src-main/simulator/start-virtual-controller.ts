// Programmatic entry: what `mxc sim`, the app's practice devices and the tests call. It sits above the
// controller and the security functions it installs, so that neither imports the other's assembly.
import { VirtualController } from './virtual-controller';
import type { ControllerModel } from './controller-models';
import type { ListenerInfo, ListenerSpec } from './listener-set';
import { installSecurity, installStockSecurity, type InstallSecurityOptions, type InstallStockOptions } from './install-security';
import type { EngineeringToolStandIn } from './engineering-tool-stand-in';

export interface StartVirtualControllerOptions {
  model: string;
  /** Address the SLMP service binds (default 127.0.0.1). */
  host?: string;
  /** SLMP over TCP port; 0 (default) lets the OS pick a free port; false opens no SLMP service. */
  slmpPort?: number | false;
  /** Virtual USB cable: a Unix domain socket path (a `\\.\pipe\...` name on Windows). */
  usbSocket?: string;
  /** Non-volatile state directory; a temporary one (removed at stop) when omitted. */
  stateDir?: string;
  idleTimeoutMs?: number;
  /**
   * Installs the security functions (access control, and whatever install-security.ts wires) before
   * the first boot. Off when omitted, so the plain SLMP core stays testable on its own.
   */
  security?: boolean | InstallSecurityOptions;
  /**
   * A stock controller instead (install-security.ts installStockSecurity): standard SLMP only, on the port
   * given as slmpPort (none when slmpPort is undefined or false: a real controller opens none at the
   * factory), C059 to the project's security commands, a USB cable that carries nothing the app speaks.
   * Excludes `security`.
   */
  stock?: InstallStockOptions;
}

export interface RunningController {
  readonly controller: VirtualController;
  readonly model: ControllerModel;
  /** Path of the state directory in use. */
  readonly stateDir: string;
  /** The services open right now. */
  readonly listeners: ListenerInfo[];
  /** Called after start, after every restart and whenever a service opens or closes. */
  onListenersChanged(listener: (listeners: ListenerInfo[]) => void): () => void;
  /** Closes every service (removing the USB socket file) and every connection. */
  stop(): Promise<void>;
  /** A stock controller's engineering-tool stand-in (undefined for the full virtual controller). */
  readonly engineeringTool?: EngineeringToolStandIn;
}

export async function startVirtualController(options: StartVirtualControllerOptions): Promise<RunningController> {
  const listeners: ListenerSpec[] = [];
  const stock = options.stock !== undefined;
  // A stock controller has no SLMP port until the engineering tool opens one (here: an explicit port).
  if (options.slmpPort !== false && !(stock && options.slmpPort === undefined)) {
    listeners.push({ service: 'slmp', transport: 'tcp', host: options.host ?? '127.0.0.1', port: options.slmpPort ?? 0 });
  }
  // A real controller's USB port speaks the engineering tool's protocol, not SLMP (facts): the stock
  // controller's cable accepts and speaks nothing.
  if (options.usbSocket) listeners.push({ service: 'usb', transport: 'usb', path: options.usbSocket, ...(stock && { protocol: 'none' as const }) });
  const controller = new VirtualController({
    model: options.model,
    ...(options.stateDir !== undefined ? { stateDir: options.stateDir } : {}),
    ...(options.idleTimeoutMs !== undefined ? { idleTimeoutMs: options.idleTimeoutMs } : {}),
    listeners,
  });
  let engineeringTool: EngineeringToolStandIn | undefined;
  try {
    if (options.stock) engineeringTool = installStockSecurity(controller, options.stock).engineeringTool;
    else if (options.security) installSecurity(controller, options.security === true ? {} : options.security);
    await controller.start();
  } catch (e) {
    await controller.stop().catch(() => undefined);
    throw e;
  }
  let stopping: Promise<void> | undefined;
  return {
    controller,
    model: controller.model,
    stateDir: controller.stateDir.path,
    get listeners() {
      return controller.listeners.list();
    },
    onListenersChanged: (listener) => controller.listeners.onChange(listener),
    stop: () => (stopping ??= controller.stop()),
    ...(engineeringTool && { engineeringTool }),
  };
}
