"use client";

import { createContext, useContext, useEffect } from "react";
import { ViewRequest } from "./view-request";

export const ViewRequestContext = createContext<ViewRequest | null>(null);

function useViewRequest(): ViewRequest {
  const request = useContext(ViewRequestContext);
  if (!request) throw new Error("useViewRequest outside StreamProvider");
  return request;
}

/** The server sends this scope's exposure (and positions, when shown) from now on. */
export function useRequestScope(scope: string): void {
  const request = useViewRequest();
  useEffect(() => request.setScope(scope), [request, scope]);
}

/** The server sends the scope's positions while the calling component is mounted. */
export function useRequestPositions(): void {
  const request = useViewRequest();
  useEffect(() => request.showPositions(), [request]);
}

/** The server sends the scope's exposure while the calling component is mounted. */
export function useRequestExposure(): void {
  const request = useViewRequest();
  useEffect(() => request.showExposure(), [request]);
}

/** The server sends every working order the user may see while the calling component is mounted. */
export function useRequestOrders(): void {
  const request = useViewRequest();
  useEffect(() => request.showOrders(), [request]);
}
