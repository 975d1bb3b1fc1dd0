// KeyValueStore over `conf` (the library electron-store is built on; same file format), used by the
// browser host, the CLI and tests.
import Conf from 'conf';
import type { KeyValueStore } from './store';
import { SecretInStoreError, assertNoSecrets, isSecretKeyName } from './no-secrets';

export interface ConfStoreOptions {
  /** Folder of the JSON file; defaults to the OS config folder of `projectName`. */
  cwd?: string;
  projectName?: string;
  /** File name without extension. */
  configName?: string;
}

// Project choice: the project name that locates the settings file when no folder is given.
export const DEFAULT_PROJECT_NAME = 'mx-commissioner';

/** The subset of Conf / ElectronStore the adapter needs; both classes satisfy it. */
export interface ConfLike {
  readonly path: string;
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
  has(key: string): boolean;
}

/**
 * The installation's settings file in its data folder: the same file for the app (browser host) and every
 * `mxc` command, so a device commissioned, visited or disposed from the command line is the same device
 * in the app's list (its pin, its last report) — conf's own file name, as electron-store names it too.
 */
export function installationStore(dataDir: string): KeyValueStore {
  return createConfStore({ cwd: dataDir });
}

export function createConfStore(options: ConfStoreOptions = {}): KeyValueStore {
  const conf = new Conf<Record<string, unknown>>({
    projectName: options.projectName ?? DEFAULT_PROJECT_NAME,
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    ...(options.configName !== undefined ? { configName: options.configName } : {}),
    ...CONF_FILE_OPTIONS,
  });
  return keyValueStoreOver(conf);
}

/**
 * Options shared with the electron-store adapter so both write the same file the same way. Keys are
 * literal (device ids and addresses contain dots, which conf would otherwise read as nesting), and the
 * projectSuffix is empty so the folder is exactly the project name (conf's default appends "-nodejs").
 */
export const CONF_FILE_OPTIONS = { accessPropertiesByDotNotation: false, projectSuffix: '' } as const;

export function keyValueStoreOver(conf: ConfLike): KeyValueStore {
  return {
    get path() {
      return conf.path;
    },
    get<T>(key: string): T | undefined {
      return conf.get(key) as T | undefined;
    },
    set(key: string, value: unknown): void {
      if (isSecretKeyName(key)) throw new SecretInStoreError(key, `a value named "${key}"`);
      assertNoSecrets(value, key);
      if (value === undefined) conf.delete(key);
      else conf.set(key, value);
    },
    delete(key: string): void {
      conf.delete(key);
    },
    has(key: string): boolean {
      return conf.has(key);
    },
  };
}
