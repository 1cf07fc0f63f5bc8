import { once } from "node:events";
import { createServer, type AddressInfo } from "node:net";

/** A port the OS has just handed out and freed: for a backend whose public origin must name its port before it listens. */
export async function freePort(): Promise<number> {
  const probe = createServer().listen(0, "127.0.0.1");
  await once(probe, "listening");
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
