import type { StreamLink } from "@/lib/stream";

/** A ready, healthy link (as the stream carries it) for tests and benchmarks; override what the test is about. */
export function readyLink(overrides: Partial<StreamLink> = {}): StreamLink {
  return {
    state: "ready",
    host: "127.0.0.1",
    port: 4002,
    clientId: 77,
    serverVersion: 193,
    ibServersLost: false,
    ibServersLostSince: null,
    lastMessageAt: 0,
    stateSince: 0,
    downSince: null,
    reconnectAttempt: 0,
    lastError: null,
    pendingRequests: 0,
    warnings: [],
    farms: [],
    restart: { window: null, inWindow: false, expectedDisconnect: false },
    clientIdInUse: null,
    lastReconcile: null,
    silent: false,
    ...overrides,
  };
}
