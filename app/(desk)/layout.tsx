import type { ReactNode } from "react";
import { LinkBanner } from "@/components/header/link-banner";
import { AlertNotifier } from "@/components/alerts/alert-notifier";
import { SiteHeader } from "@/components/header/site-header";
import { SocketBanner } from "@/components/header/socket-banner";
import { StreamProvider } from "@/components/stream/stream-provider";

/** The desk's pages: the stream, the header and its banners (the IB link's, this browser's connection's), and the sound and notification of critical alerts. The server sends anyone without a session to /login first. */
export default function DeskLayout({ children }: { children: ReactNode }) {
  return (
    <StreamProvider>
      <SiteHeader />
      <LinkBanner />
      <SocketBanner />
      <AlertNotifier />
      {children}
    </StreamProvider>
  );
}
