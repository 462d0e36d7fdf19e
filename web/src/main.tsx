import '@mantine/core/styles.css';
import { MantineProvider } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { readStoredToken, storeToken, takeTokenFromUrl } from './auth/token';
import './styles.css';
import { colorSchemeManager } from './theme/colorSchemeManager';
import { theme } from './theme/theme';

const tokenFromUrl = takeTokenFromUrl();
if (tokenFromUrl) storeToken(tokenFromUrl);

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element.');

createRoot(container).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="auto" colorSchemeManager={colorSchemeManager}>
      <App initialToken={tokenFromUrl ?? readStoredToken()} />
    </MantineProvider>
  </StrictMode>,
);
