/**
 * Placeholder for the Electron main process (the desktop issue builds it): starts the sandbox
 * in-process and opens the inspector.
 */
import { app } from 'electron';
import { createSandbox } from '../server/sandbox.js';

async function start(): Promise<void> {
  await app.whenReady();
  const sandbox = await createSandbox({ dataDir: app.getPath('userData') });
  await sandbox.listen({ portFallbackTries: 20 });
}

void start();
