/** Saving text the server produced (a HAR, a lab bundle) as a file: through the desktop's save dialog, or as a browser download. */
import { desktop } from '../api/desktop-bridge.js';
import { toast } from '../state/toasts.js';

export async function saveTextFile(name: string, text: string): Promise<void> {
  const bridge = desktop();
  if (bridge?.saveFile) {
    const saved = await bridge.saveFile(name, text);
    if (saved) toast('success', `Saved ${saved}`);
    return;
  }
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 5000);
  toast('success', `Downloaded ${name}`);
}
