import type { ReactNode } from "react";
import { SiteHeader } from "@/components/header/site-header";
import { SocketBanner } from "@/components/header/socket-banner";
import { StreamProvider } from "@/components/stream/stream-provider";

/** The desk's pages: the stream, the header and its banner. The server sends anyone without a session to /login first. */
export default function DeskLayout({ children }: { children: ReactNode }) {
  return (
    <StreamProvider>
      <SiteHeader />
      <SocketBanner />
      {children}
    </StreamProvider>
  );
}
