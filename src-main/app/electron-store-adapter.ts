// The KeyValueStore of the Electron host: electron-store (built on conf, same JSON file format) in the
// app's userData folder, with the same secret guard and literal keys as the conf store.
import ElectronStore from 'electron-store';
import type { KeyValueStore } from '../store/store';
import { CONF_FILE_OPTIONS, keyValueStoreOver } from '../store/conf-store';

export function createElectronStore(options: { cwd?: string } = {}): KeyValueStore {
  const store = new ElectronStore<Record<string, unknown>>({
    accessPropertiesByDotNotation: CONF_FILE_OPTIONS.accessPropertiesByDotNotation,
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
  });
  return keyValueStoreOver(store);
}
