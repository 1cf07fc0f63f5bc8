"use client";

import { createContext, useContext } from "react";
import type { StreamCommands } from "./stream-commands";

export const StreamCommandsContext = createContext<StreamCommands | null>(null);

/** What this page may ask the server to do (the guarded cancel). */
export function useStreamCommands(): StreamCommands {
  const commands = useContext(StreamCommandsContext);
  if (!commands) throw new Error("useStreamCommands outside StreamProvider");
  return commands;
}
