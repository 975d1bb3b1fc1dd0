// The modules other than the controller that a controller is configured with (7E03 block
// `moduleConfiguration`, docs/protocol.md). Table 9/27 row 7: "communication requests via a module other
// than a controller are out of the user authentication targets", so what is mounted is evidence for the
// operator's attestation that those modules' networks are protected. The MX-F takes expansion adapters
// (serial communication and analog functions) and extension modules (inter-module communication), guideline
// 3.2.1 Table 20 items 11-12; Table 19 row 4: devices outside the equipment are not connected to them. The
// MX-R has no expansion adapters: its modules beside the controller are listed as `extensionModules`.
import { z } from 'zod';

export const EXPANSION_ADAPTER_KINDS = ['serial-rs485', 'serial-rs232c', 'analog-input', 'analog-output'] as const;
export type ExpansionAdapterKind = (typeof EXPANSION_ADAPTER_KINDS)[number];

/** The serial protocol set on a serial adapter; "none" = no protocol set (the port unused). */
export const SERIAL_PROTOCOLS = ['modbus-rtu', 'mc-protocol', 'none'] as const;
export type SerialProtocol = (typeof SERIAL_PROTOCOLS)[number];

/** "network": a module that connects a network of its own (e.g. an Ethernet or field network module). */
export const EXTENSION_MODULE_KINDS = ['input', 'output', 'intelligent', 'network'] as const;
export type ExtensionModuleKind = (typeof EXTENSION_MODULE_KINDS)[number];

export const isSerialAdapter = (kind: string): boolean => kind.startsWith('serial-');

export interface ExpansionAdapter {
  /** 1 = the adapter next to the controller. */
  position: number;
  kind: ExpansionAdapterKind;
  /** Serial adapters only. */
  protocol?: SerialProtocol;
  /** The module's model name as the technician knows it, e.g. "FX5-485ADP". */
  name?: string;
}

export interface ExtensionModule {
  /** 1 = the module next to the controller (MX-R: the slot). */
  position: number;
  kind: ExtensionModuleKind;
  name?: string;
}

/** A list left out means none mounted; `{}` is a controller with nothing beside it (the factory state). */
export interface ModuleConfiguration {
  expansionAdapters?: ExpansionAdapter[];
  extensionModules?: ExtensionModule[];
}

// A name as the device reports it: the app shows it in the report, so a line break or control character
// (which could fake a line of evidence) is refused, as the device itself refuses it.
const ModuleName = z.string().min(1).max(32).regex(/^[^\p{Cc}]*$/u);

export const ModuleConfigurationSchema = z.object({
  expansionAdapters: z
    .array(z.object({ position: z.number().int().min(1), kind: z.enum(EXPANSION_ADAPTER_KINDS), protocol: z.enum(SERIAL_PROTOCOLS).optional(), name: ModuleName.optional() }))
    .optional(),
  extensionModules: z.array(z.object({ position: z.number().int().min(1), kind: z.enum(EXTENSION_MODULE_KINDS), name: ModuleName.optional() })).optional(),
});
