import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { QueryProvider } from "@/components/query/query-provider";
import { DEFAULT_THEME, THEME_BOOT_SCRIPT } from "@/components/theme/theme";
import "./globals.css";

export const metadata: Metadata = {
  title: "RiskDesk",
  description: "Real-time risk monitor for Interactive Brokers accounts",
};

export const viewport: Viewport = {
  colorScheme: "dark light",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Rendered per request: every page reads the scope from the URL, and the first paint
  // should already show that scope rather than a prerendered default.
  await connection();
  return (
    // The boot script may change data-theme before hydration; that difference is expected.
    <html lang="en" data-theme={DEFAULT_THEME} suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_BOOT_SCRIPT }} />
      </head>
      <body>
        <QueryProvider>{children}</QueryProvider>
      </body>
    </html>
  );
}
