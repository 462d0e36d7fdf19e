import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { readStoredToken, storeToken, takeTokenFromUrl } from './auth/token';
import './styles.css';

const tokenFromUrl = takeTokenFromUrl();
if (tokenFromUrl) storeToken(tokenFromUrl);

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element.');

createRoot(container).render(
  <StrictMode>
    <App initialToken={tokenFromUrl ?? readStoredToken()} />
  </StrictMode>,
);
