import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import './styles/global.css';
import { AppProvider } from './app/provider';
import { router } from './app/router';
import { i18nReady } from './lib/i18n';

// English needs no fetch; another language waits for its one catalogue chunk so the first paint is in it.
void i18nReady.then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <AppProvider>
        <RouterProvider router={router} />
      </AppProvider>
    </StrictMode>,
  ),
);
