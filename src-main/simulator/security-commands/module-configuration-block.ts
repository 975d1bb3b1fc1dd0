// The 7E03 block `moduleConfiguration` as the virtual controller checks it: the modules other than the
// controller it is configured with (guideline Table 20 items 11-12: expansion adapters use the serial
// communication and analog functions, extension modules the inter-module communication function). The
// device's own rules: the MX-F takes both lists; the MX-R has no expansion adapters; limits in
// security/device-choices.ts. The shapes are restated here (the simulator never imports the app's model).
import { MODULE_CONFIGURATION_LIMITS, MODULE_NAME_MAX_CHARS } from '../security/device-choices';
import type { ControllerFamily } from '../controller-models';
import type { Rejection } from './rejection';

// The device's own vocabulary (the simulator does not import the app's model); a test pins it to the
// app's lists in model/module-configuration.ts.
export const ADAPTER_KINDS = ['serial-rs485', 'serial-rs232c', 'analog-input', 'analog-output'];
export const SERIAL_PROTOCOLS = ['modbus-rtu', 'mc-protocol', 'none'];
export const MODULE_KINDS = ['input', 'output', 'intelligent', 'network'];
const BASE = 'blocks.moduleConfiguration';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** [] when the device accepts the block. */
export function checkModuleConfiguration(value: unknown, family: ControllerFamily): Rejection[] {
  const problems: Rejection[] = [];
  const add = (path: string, message: string): void => void problems.push({ path: path ? `${BASE}.${path}` : BASE, message });
  if (!isObject(value)) {
    add('', 'must be an object with the lists expansionAdapters and extensionModules (a list left out: none mounted).');
    return problems;
  }
  for (const key of Object.keys(value)) if (key !== 'expansionAdapters' && key !== 'extensionModules') add(key, 'is not a setting of this controller.');
  const limits = MODULE_CONFIGURATION_LIMITS[family];

  const list = (key: 'expansionAdapters' | 'extensionModules', what: string): Record<string, unknown>[] => {
    const v = value[key];
    if (v === undefined) return [];
    if (!Array.isArray(v)) {
      add(key, `List the ${what} mounted, one object each (an empty list: none).`);
      return [];
    }
    return v.map((entry, i) => {
      if (isObject(entry)) return entry;
      add(`${key}.${i}`, `Each of the ${what} is an object with its position and kind.`);
      return {};
    });
  };

  const common = (key: string, entries: Record<string, unknown>[], allowed: readonly string[], max: number, kinds: readonly string[], label: string): void => {
    const seen = new Set<number>();
    entries.forEach((e, i) => {
      const at = `${key}.${i}`;
      for (const k of Object.keys(e)) if (!allowed.includes(k)) add(`${at}.${k}`, 'is not a setting of this controller.');
      const p = e.position;
      if (typeof p !== 'number' || !Number.isInteger(p) || p < 1 || p > max) add(`${at}.position`, `The position must be a whole number from 1 to ${max} (counted from the controller) on the ${family}.`);
      else if (seen.has(p)) add(`${at}.position`, `Position ${p} is listed twice: each ${label} has its own position.`);
      else seen.add(p);
      if (typeof e.kind !== 'string' || !kinds.includes(e.kind)) add(`${at}.kind`, `The ${label} kind must be one of ${kinds.join(', ')}.`);
      if (e.name !== undefined && (typeof e.name !== 'string' || e.name.trim() === '' || e.name.length > MODULE_NAME_MAX_CHARS || /[\x00-\x1f\x7f]/.test(e.name))) {
        add(`${at}.name`, `The name is the module's model name, 1-${MODULE_NAME_MAX_CHARS} characters (e.g. FX5-485ADP), or left out.`);
      }
    });
  };

  const adapters = list('expansionAdapters', 'expansion adapters');
  if (adapters.length > 0 && limits.expansionAdapters === 0) {
    // Guideline 3.2.1 Table 20 item 11: expansion adapters belong to the MX-F.
    add('expansionAdapters', `The ${family} has no expansion adapters: they (serial communication, analog) mount on the MX-F only. List the modules beside this controller under extensionModules.`);
  } else if (adapters.length > limits.expansionAdapters) {
    add('expansionAdapters', `The ${family} takes at most ${limits.expansionAdapters} expansion adapters; this list has ${adapters.length}. Remove the adapters that are not mounted.`);
  } else {
    common('expansionAdapters', adapters, ['position', 'kind', 'protocol', 'name'], limits.expansionAdapters, ADAPTER_KINDS, 'expansion adapter');
    adapters.forEach((a, i) => {
      const serial = typeof a.kind === 'string' && a.kind.startsWith('serial-');
      if (serial && (typeof a.protocol !== 'string' || !SERIAL_PROTOCOLS.includes(a.protocol))) {
        add(`expansionAdapters.${i}.protocol`, `Choose the protocol of this serial adapter: ${SERIAL_PROTOCOLS.join(', ')}.`);
      } else if (!serial && a.protocol !== undefined && ADAPTER_KINDS.includes(String(a.kind))) {
        add(`expansionAdapters.${i}.protocol`, 'An analog adapter has no communication protocol: leave the protocol out.');
      }
    });
    const serialCount = adapters.filter((a) => typeof a.kind === 'string' && a.kind.startsWith('serial-')).length;
    if (serialCount > limits.serialAdapters) {
      add('expansionAdapters', `The ${family} takes at most ${limits.serialAdapters} serial communication adapters (RS-485/RS-232C); this list has ${serialCount}.`);
    }
  }

  const modules = list('extensionModules', 'extension modules');
  if (modules.length > limits.extensionModules) {
    add('extensionModules', `The ${family} takes at most ${limits.extensionModules} extension modules; this list has ${modules.length}. Remove the modules that are not mounted.`);
  } else {
    common('extensionModules', modules, ['position', 'kind', 'name'], limits.extensionModules, MODULE_KINDS, 'extension module');
  }
  return problems;
}
