/**
 * The Proxy mode section of Settings and the phase field of the fault rule form: the section
 * refuses a URL that is not http(s), needs a token for the token modes, sends the upstream patch
 * (token write-only), and goes back to sandbox mode; the form maps phase both ways.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AdminClient, PublicSettings } from '../../renderer/api/admin-client.js';
import { serverState } from '../../renderer/state/server-state.js';
import { toasts } from '../../renderer/state/toasts.js';
import { formToRule, ruleToForm, emptyForm } from '../../renderer/views/faults/rule-form.js';
import { UpstreamSection } from '../../renderer/views/settings/upstream-section.js';
import { publicSettings } from './settings-fixtures.js';

function setup(initial: PublicSettings) {
  let current = initial;
  const client = {
    updateSettings: vi.fn(async (patch: { upstream: Record<string, unknown> }) => {
      const { token, ...rest } = patch.upstream;
      current = { ...current, upstream: { ...current.upstream, ...rest, tokenSet: current.upstream.tokenSet || typeof token === 'string' } as PublicSettings['upstream'] };
      return current;
    }),
    status: vi.fn(async () => ({})),
  };
  const view = render(<UpstreamSection client={client as unknown as AdminClient} settings={current} />);
  return { client, rerender: () => view.rerender(<UpstreamSection client={client as unknown as AdminClient} settings={current} />) };
}

describe('Proxy mode settings', () => {
  beforeEach(() => {
    serverState.set((s) => ({ ...s, settings: publicSettings() }));
    toasts.set([]);
  });
  afterEach(cleanup);

  it('switches to proxy mode with a URL and a token, never echoing the token', async () => {
    const { client, rerender } = setup(publicSettings());
    const form = screen.getByRole('form', { name: 'Upstream' });
    const submit = within(form).getByRole('button', { name: 'Switch to proxy mode' }) as HTMLButtonElement;
    fireEvent.change(within(form).getByLabelText('Upstream URL'), { target: { value: 'ftp://x' } });
    expect(screen.getByText(/Starts with http/)).toBeTruthy();
    expect(submit.disabled).toBe(true);
    fireEvent.change(within(form).getByLabelText('Upstream URL'), { target: { value: 'http://localhost:3000/scim/v2' } });
    expect(submit.disabled).toBe(true); // the token mode needs a token
    fireEvent.change(within(form).getByLabelText('Upstream token'), { target: { value: 'tok-123456' } });
    fireEvent.click(submit);
    await waitFor(() => expect(client.updateSettings).toHaveBeenCalledWith({ upstream: { url: 'http://localhost:3000/scim/v2', auth: 'token', token: 'tok-123456' } }));
    rerender();
    expect((screen.getByLabelText('Upstream token') as HTMLInputElement).value).toBe('');
    fireEvent.click(screen.getByRole('button', { name: 'Back to sandbox mode' }));
    await waitFor(() => expect(client.updateSettings).toHaveBeenLastCalledWith({ upstream: { url: null } }));
  });
});

describe('fault rule phase in the form', () => {
  it('defaults to before and maps after both ways', () => {
    expect(emptyForm().phase).toBe('before');
    const form = { ...emptyForm(), name: 'late failure', phase: 'after' as const };
    const result = formToRule(form);
    expect(result.ok && result.rule.phase).toBe('after');
    expect(ruleToForm(result.ok ? result.rule : (null as never)).phase).toBe('after');
    const before = formToRule({ ...emptyForm(), name: 'x' });
    expect(before.ok && 'phase' in before.rule).toBe(false);
  });
});
