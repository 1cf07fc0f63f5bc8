"use client";

import { useEffect, useState, type ReactNode } from "react";
import { useScope } from "@/components/scope/use-scope";
import { connectStream } from "./connect-stream";
import { StreamStoreContext } from "./hooks";
import { StreamCommands } from "./stream-commands";
import { StreamCommandsContext } from "./stream-commands-context";
import { LinkHealthProvider } from "./link-health-context";
import { createStreamStore } from "./stream-store";
import { useRequestScope, ViewRequestContext } from "./view-context";
import { ViewRequest } from "./view-request";

/** Owns the page's stream store, its one connection to the risk stream and what it asks that stream for. */
export function StreamProvider({ children }: { children: ReactNode }) {
  const [store] = useState(createStreamStore);
  const [views] = useState(() => new ViewRequest());
  const [commands] = useState(() => new StreamCommands());
  useEffect(() => connectStream(store, views, commands), [store, views, commands]);
  return (
    <StreamStoreContext value={store}>
      <ViewRequestContext value={views}>
        <StreamCommandsContext value={commands}>
          <ScopeRequest />
          <LinkHealthProvider>{children}</LinkHealthProvider>
        </StreamCommandsContext>
      </ViewRequestContext>
    </StreamStoreContext>
  );
}

/** The scope in the URL is the scope the server computes for. */
function ScopeRequest() {
  useRequestScope(useScope());
  return null;
}
