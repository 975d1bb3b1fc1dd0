// The virtual adapter and its air exist on this computer only (docs/ARCHITECTURE.md: loopback 127.0.0.0/8).
import net from 'node:net';

export const isLoopbackHost = (host: string): boolean => (net.isIPv4(host) && host.startsWith('127.')) || host === '::1' || host === 'localhost';
