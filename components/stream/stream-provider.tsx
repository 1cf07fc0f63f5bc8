"use client";

import { useEffect, useState, type ReactNode } from "react";
import { useScope } from "@/components/scope/use-scope";
import { connectStream } from "./connect-stream";
import { StreamActionsContext, StreamStoreContext } from "./hooks";
import { LinkHealthProvider } from "./link-health-context";
import { StreamActions } from "./stream-actions";
import { createStreamStore } from "./stream-store";
import { useRequestScope, ViewRequestContext } from "./view-context";
import { ViewRequest } from "./view-request";

/** Owns the page's stream store, its one connection to the risk stream and what it asks that stream for. */
export function StreamProvider({ children }: { children: ReactNode }) {
  const [store] = useState(createStreamStore);
  const [views] = useState(() => new ViewRequest());
  const [actions] = useState(() => new StreamActions());
  useEffect(() => connectStream(store, views, actions), [store, views, actions]);
  return (
    <StreamStoreContext value={store}>
      <StreamActionsContext value={actions}>
        <ViewRequestContext value={views}>
          <ScopeRequest />
          <LinkHealthProvider>{children}</LinkHealthProvider>
        </ViewRequestContext>
      </StreamActionsContext>
    </StreamStoreContext>
  );
}

/** The scope in the URL is the scope the server computes for. */
function ScopeRequest() {
  useRequestScope(useScope());
  return null;
}
