/**
 * Leaves the target as the run found it: every user and group a check created is deleted; where the
 * server does not support DELETE (405/501), users are deactivated instead (PATCH active false), and
 * the report says which. Groups go first, so memberships never point at a deleted user. Every runner
 * (runner.ts, runscope/runscope-runner.ts) ends with `finishRun`: the clean-up, then the report,
 * also when a signal cut the run short (its requests go out after the client was stopped).
 */
import { packageVersion } from '../config/data-paths.js';
import { interruptionNote, summarize, type CheckResult, type CleanupEntry, type ConformanceReport, type Interruption, type ProfileId } from './report-model.js';
import { ExchangeFailed, type ScimClient } from './scim-client.js';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export async function cleanUp(client: ScimClient): Promise<{ entries: CleanupEntry[]; complete: boolean }> {
  const entries: CleanupEntry[] = [];
  const order = [...client.created].reverse().sort((a, b) => (a.resourceType === b.resourceType ? 0 : a.resourceType === 'Group' ? -1 : 1));
  for (const resource of order) {
    const path = `/${resource.resourceType === 'User' ? 'Users' : 'Groups'}/${encodeURIComponent(resource.id)}`;
    try {
      const deleted = await client.send('DELETE', path, { afterStop: true });
      if (deleted.status >= 200 && deleted.status < 300) {
        entries.push({ ...resource, action: 'deleted' });
        continue;
      }
      if (deleted.status === 404) {
        entries.push({ ...resource, action: 'already-gone' });
        client.forget(resource.resourceType, resource.id);
        continue;
      }
      if (resource.resourceType === 'User' && (deleted.status === 405 || deleted.status === 501)) {
        const patched = await client.send('PATCH', path, { afterStop: true, body: { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'active', value: false }] } });
        if (patched.status >= 200 && patched.status < 300) {
          entries.push({ ...resource, action: 'deactivated', detail: `DELETE answered ${deleted.status}` });
          client.forget(resource.resourceType, resource.id);
          continue;
        }
        entries.push({ ...resource, action: 'failed', detail: `DELETE answered ${deleted.status}, PATCH active=false answered ${patched.status}` });
        continue;
      }
      entries.push({ ...resource, action: 'failed', detail: `DELETE answered ${deleted.status}` });
    } catch (error) {
      entries.push({ ...resource, action: 'failed', detail: error instanceof ExchangeFailed ? error.message : String(error) });
    }
  }
  return { entries, complete: entries.every((e) => e.action !== 'failed') };
}

/** The message of a check a stop cut short (its next request was refused). */
export function cutShortMessage(reason: string): string {
  return `Cut short: the run was interrupted (${reason}) before this check finished.`;
}

/** What a run tells its report besides the clean-up: how it authenticated, its profiles, when it started, its results and notes. */
export interface FinishedRun {
  auth: string;
  profiles: ProfileId[];
  /** Date.now() when the run started. */
  startedAt: number;
  results: CheckResult[];
  notes: string[];
  /** Set when a signal stopped the run before its end. */
  interrupted?: Interruption;
}

/** Cleans up after a run, then writes its report (the run's duration includes the clean-up). */
export async function finishRun(client: ScimClient, run: FinishedRun): Promise<ConformanceReport> {
  // A request sent before an interruption may still be on its way: its answer says what to remove.
  await client.idle();
  const cleanup = await cleanUp(client);
  const notes = run.interrupted ? [interruptionNote(run.interrupted), ...run.notes] : run.notes;
  return {
    tool: { name: 'scimscope', version: packageVersion() },
    target: client.baseUrl,
    auth: run.auth,
    profiles: run.profiles,
    startedAt: new Date(run.startedAt).toISOString(),
    durationMs: Date.now() - run.startedAt,
    results: run.results,
    summary: summarize(run.results),
    cleanup,
    notes,
    ...(run.interrupted ? { interrupted: run.interrupted } : {}),
  };
}
