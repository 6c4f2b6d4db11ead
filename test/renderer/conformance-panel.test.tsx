/**
 * The Conformance panel: runs the chosen profiles against the scenarios' target through the admin
 * API (the sandbox by default; another server with its credential), then lists what failed first,
 * must before should, each with its message and a link to its source, and folds the passes away.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AdminClient } from '../../renderer/api/admin-client.js';
import { ConformancePanel } from '../../renderer/views/scenarios/conformance-panel.js';
import { summarize, type CheckResult, type ConformanceReport } from '../../server/conformance/report-model.js';

const result = (p: Partial<CheckResult>): CheckResult => ({ id: 'rfc.x', profile: 'rfc', title: 'Check', level: 'must', source: { document: 'RFC 7644', section: '3.3', url: 'https://www.rfc-editor.org/rfc/rfc7644#section-3.3' }, outcome: 'pass', expected: 'e', actual: '', message: 'Passed.', exchanges: [], durationMs: 1, ...p });
const results = [
  result({ id: 'rfc.ok', title: 'A passing check' }),
  result({ id: 'interop.s', profile: 'interop', level: 'should', outcome: 'fail', title: 'A should failure', message: 'No claim.', source: { document: 'draft-zollner', draft: true, url: 'javascript:alert(1)' } }),
  result({ id: 'rfc.loc', outcome: 'fail', title: 'POST /Users answers 201 with Location', message: 'No Location header on 201.' }),
];
const report: ConformanceReport & { id: string } = { id: 'r1', tool: { name: 'scimscope', version: '0' }, target: 'http://127.0.0.1:1/scim/v2', auth: 'bearer', profiles: ['rfc', 'interop'], startedAt: '', durationMs: 1, results, summary: summarize(results), cleanup: { entries: [{ resourceType: 'User', id: 'u', action: 'deleted' }], complete: true }, notes: ['A draft note.'] };

afterEach(cleanup);

describe('ConformancePanel', () => {
  it('runs against the sandbox and lists must failures before should failures', async () => {
    const client = { call: vi.fn(async () => report) };
    render(<ConformancePanel client={client as unknown as AdminClient} target={{ kind: 'sandbox' }} />);
    fireEvent.click(screen.getByRole('button', { name: 'Check conformance' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('1 must-check(s) failed'));
    expect(client.call).toHaveBeenCalledWith('POST', '/api/conformance-runs', { profiles: ['okta', 'entra', 'entra-gallery', 'rfc'] });
    const list = screen.getAllByRole('list')[0]!;
    const rows = within(list).getAllByRole('listitem').map((li) => li.textContent);
    expect(rows[0]).toContain('POST /Users answers 201 with Location');
    expect(rows[0]).toContain('No Location header on 201.');
    expect(rows[1]).toContain('A should failure');
    expect(within(list).getByRole('link', { name: 'RFC 7644, 3.3' }).getAttribute('href')).toBe('https://www.rfc-editor.org/rfc/rfc7644#section-3.3');
    expect(within(list).queryByRole('link', { name: /draft-zollner/ })).toBeNull();
    expect(screen.getByText('1 passed checks')).toBeTruthy();
  });

  it('sends another target with its credential and the profiles chosen', async () => {
    const client = { call: vi.fn(async () => report) };
    render(<ConformancePanel client={client as unknown as AdminClient} target={{ kind: 'url', url: 'http://127.0.0.1:9/scim/v2', auth: 'basic', username: 'u', password: 'p' }} />);
    fireEvent.click(screen.getByRole('checkbox', { name: /Entra gallery/ }));
    fireEvent.click(screen.getByRole('checkbox', { name: /Interop profile/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Check conformance' }));
    await waitFor(() => expect(client.call).toHaveBeenCalled());
    expect(client.call).toHaveBeenCalledWith('POST', '/api/conformance-runs', { profiles: ['okta', 'entra', 'rfc', 'interop'], target: 'http://127.0.0.1:9/scim/v2', auth: 'basic', token: 'u:p' });
  });
});
