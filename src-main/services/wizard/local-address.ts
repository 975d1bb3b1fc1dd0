// This PC's address on the path to the controller, for the IP filter's self-lockout guard (2.4.8). A
// connected UDP socket makes the OS pick the route and the source address without sending a datagram.
import { createSocket } from 'node:dgram';
import { isIPv4 } from 'node:net';

export function localAddressTowards(host: string, port: number, timeoutMs = 1000): Promise<string | undefined> {
  if (!isIPv4(host)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const done = (address: string | undefined) => {
      clearTimeout(timer);
      socket.close();
      resolve(address);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    socket.on('error', () => done(undefined));
    socket.connect(port, host, () => {
      try {
        const a = socket.address().address;
        done(isIPv4(a) && a !== '0.0.0.0' ? a : undefined);
      } catch {
        done(undefined);
      }
    });
  });
}
