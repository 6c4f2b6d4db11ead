/** The inspector's entry point (the UI issue builds the views). */
import { createRoot } from 'react-dom/client';

createRoot(document.getElementById('root')!).render(<h1>Scimscope</h1>);
