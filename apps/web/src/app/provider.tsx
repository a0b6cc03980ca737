import { useEffect, type ReactNode } from 'react';
import type { i18n as I18n } from 'i18next';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { I18nextProvider } from 'react-i18next';
import i18n from '../lib/i18n';
import { queryClient } from '../lib/query-client';
import { ViewerZoneProvider } from '../lib/viewer-zone';

/** Strings and data for the app; the server renderer passes its own per-request instances (entry-server.tsx). */
export function AppProvider({
  children,
  client = queryClient,
  strings = i18n,
  zone,
}: {
  children: ReactNode;
  client?: QueryClient;
  strings?: I18n;
  /** The viewer's time zone, or null on the server and while hydrating (lib/viewer-zone.ts). */
  zone: string | null;
}) {
  // `<html data-app-ready>` once the app has rendered or hydrated: its buttons work from then on. A server-rendered
  // page starts its JavaScript only after loading (decision 042); tests wait for this before clicking.
  useEffect(() => {
    document.documentElement.dataset.appReady = '';
  }, []);
  return (
    <I18nextProvider i18n={strings}>
      <QueryClientProvider client={client}>
        <ViewerZoneProvider initial={zone}>{children}</ViewerZoneProvider>
      </QueryClientProvider>
    </I18nextProvider>
  );
}
