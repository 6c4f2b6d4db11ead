/** Ports for tests that need one nothing listens on (a down upstream, a tunnel server that is gone). */
import net from 'node:net';

/** A loopback port that was free a moment ago: opened, then closed. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
