// Persistence behind one interface: the device registry (with pinned certificate fingerprints), session
// journals and preferences. electron-store in the Electron host, `conf` elsewhere — the same JSON file
// format. Never passwords or private keys: every implementation runs assertNoSecrets on set().

export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): void;
  delete(key: string): void;
  has(key: string): boolean;
  /** The JSON file on disk, shown in "about" and support bundles. */
  readonly path: string;
}
