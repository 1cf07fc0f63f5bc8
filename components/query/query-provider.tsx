"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";

/**
 * The page's cache of request/response data (history, audit, alert history, users), which
 * react-query fetches and refreshes. The live stream never writes here: it has its own
 * store (components/stream/stream-store.ts).
 */
export function QueryProvider({ children }: { children: ReactNode }) {
  const [client] = useState(() => new QueryClient());
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
