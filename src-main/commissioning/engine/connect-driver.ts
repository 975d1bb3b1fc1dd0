// The engine reaches a device only through this injected factory: the app and the CLI open a link for
// the endpoint (devices/endpoint.ts) and put the controller driver on it; tests bring their own.
import type { Endpoint } from '../../devices/endpoint';

export type { Endpoint };
export type ConnectDriver<D> = (endpoint: Endpoint) => Promise<D>;
