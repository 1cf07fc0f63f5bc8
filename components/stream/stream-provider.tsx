"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useEffect, useState, type ReactNode } from "react";
import { connectStream } from "./connect-stream";
import { LinkHealthProvider } from "./link-health-context";

function createStreamClient(): QueryClient {
  // Entries are written by the stream, never fetched; one nobody watches right now (the
  // history of a series not on the chart) must still be there when someone looks.
  return new QueryClient({ defaultOptions: { queries: { gcTime: Infinity } } });
}

/** Owns the page's query cache and its one connection to the risk stream. */
export function StreamProvider({ children }: { children: ReactNode }) {
  const [client] = useState(createStreamClient);
  useEffect(() => connectStream(client), [client]);
  return (
    <QueryClientProvider client={client}>
      <LinkHealthProvider>{children}</LinkHealthProvider>
    </QueryClientProvider>
  );
}
