/**
 * The inspector's entry point: find the admin API (desktop preload or URL fragment), start the live
 * socket, apply the theme, and render once the socket's first answer is in (state/first-answer.ts),
 * so the first screen is drawn once, with the traffic. The same build runs in Electron and in any browser.
 */
// The shared styles first, so each view's own stylesheet (imported with the view) wins ties.
import './styles/theme.css';
import './styles/app.css';
import './styles/contrast.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { resolveConnection } from './api/connection.js';
import { App } from './app.js';
import { createServices, ServicesContext } from './app-services.js';
import { firstAnswer } from './state/first-answer.js';
import { applyPresentation } from './state/presentation.js';
import { serverState } from './state/server-state.js';
import { applyTheme, watchSystemTheme } from './state/theme.js';

applyTheme();
applyPresentation();
watchSystemTheme();

const root = createRoot(document.getElementById('root')!);

resolveConnection().then(
  async (connection) => {
    const services = createServices(connection);
    services.socket.start();
    await firstAnswer(serverState);
    root.render(
      <StrictMode>
        <ServicesContext.Provider value={services}>
          <App />
        </ServicesContext.Provider>
      </StrictMode>,
    );
  },
  (error: Error) => {
    root.render(
      <main className="fatal">
        <h1>Scimscope</h1>
        <p>{error.message}</p>
      </main>,
    );
  },
);
