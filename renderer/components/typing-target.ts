/** Whether a key press lands where the person is typing (a field, a select, a code editor), so single-key shortcuts leave it alone. */
export function isTypingTarget(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.tagName !== 'string') return false;
  return el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable === true || !!el.closest?.('.cm-editor');
}
