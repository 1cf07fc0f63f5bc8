"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useEffect, useState, type ReactNode } from "react";
import { useScope } from "@/components/scope/use-scope";
import { connectStream } from "./connect-stream";
import { LinkHealthProvider } from "./link-health-context";
import { useRequestScope, ViewRequestContext } from "./view-context";
import { ViewRequest } from "./view-request";

function createStreamClient(): QueryClient {
  // Entries are written by the stream, never fetched; one nobody watches right now (the
  // history of a series not on the chart) must still be there when someone looks.
  return new QueryClient({ defaultOptions: { queries: { gcTime: Infinity } } });
}

/** Owns the page's query cache, its one connection to the risk stream and what it asks that stream for. */
export function StreamProvider({ children }: { children: ReactNode }) {
  const [client] = useState(createStreamClient);
  const [views] = useState(() => new ViewRequest());
  useEffect(() => connectStream(client, views), [client, views]);
  return (
    <QueryClientProvider client={client}>
      <ViewRequestContext value={views}>
        <ScopeRequest />
        <LinkHealthProvider>{children}</LinkHealthProvider>
      </ViewRequestContext>
    </QueryClientProvider>
  );
}

/** The scope in the URL is the scope the server computes for. */
function ScopeRequest() {
  useRequestScope(useScope());
  return null;
}
