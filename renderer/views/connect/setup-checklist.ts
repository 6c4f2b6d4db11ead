/**
 * The Okta setup checklist, worked out from the recorded traffic: each step is done when an Okta
 * exchange of the right kind succeeded (2xx), "tried" when Okta attempted it and got an error, and
 * pending otherwise. Pure, so it is tested on its own; the Connect view recomputes it as traffic arrives.
 */
import type { ExchangeSummary, OperationKind } from '../../../server/contract/index.js';

export type StepId = 'oauthConsent' | 'oauthToken' | 'oauthRefresh' | 'connection' | 'import' | 'lookup' | 'create' | 'update' | 'deactivate' | 'groupPush';

export interface ChecklistStep {
  id: StepId;
  title: string;
  /** What to do in Okta to make it happen. */
  hint: string;
  /** The exchanges that count as this step (success is checked separately). */
  matches: (e: ExchangeSummary) => boolean;
  /** Counts whatever the client (the admin's browser does the consent, not Okta). */
  anyClient?: boolean;
  /** Success when not a 2xx answer (the consent succeeds with a redirect). */
  succeeded?: (e: ExchangeSummary) => boolean;
}

export interface StepResult {
  id: StepId;
  title: string;
  hint: string;
  state: 'done' | 'tried' | 'pending';
  /** The first successful exchange when done; the latest failed one when tried. */
  exchangeId: string | null;
  at: string | null;
  status: number | null;
  outcome: ExchangeSummary['outcome'] | null;
}

const kindIn =
  (...kinds: OperationKind[]) =>
  (e: ExchangeSummary) =>
    kinds.includes(e.operation.kind);

/** GET on the Users collection (not one user): any list Okta reads proves it can reach and authenticate. */
const USERS_COLLECTION = /\/Users\/?$/i;

export const OKTA_STEPS: ChecklistStep[] = [
  {
    id: 'connection',
    title: 'Connection test',
    hint: 'In the app’s Provisioning tab, paste the base URL and token, then click “Test Connector Configuration” (“Test API Credentials” in the test app).',
    matches: (e) => e.operation.kind === 'connection.test' || (e.method.toUpperCase() === 'GET' && USERS_COLLECTION.test(e.path)),
  },
  {
    id: 'import',
    title: 'First import',
    hint: 'Open the Import tab and click “Import Now” (needs “Import New Users and Profile Updates”).',
    matches: kindIn('user.import', 'group.import'),
  },
  {
    id: 'lookup',
    title: 'First lookup',
    hint: 'Assign a user to the app: Okta first searches for their userName here.',
    matches: kindIn('user.lookup'),
  },
  {
    id: 'create',
    title: 'First create',
    hint: 'Enable “Create Users” under Provisioning → To App, then assign someone who does not exist here yet.',
    matches: kindIn('user.create'),
  },
  {
    id: 'update',
    title: 'First update',
    hint: 'Enable “Update User Attributes”, then change an assigned user’s first name in Okta (or sync a password).',
    matches: kindIn('user.update', 'user.password'),
  },
  {
    id: 'deactivate',
    title: 'First deactivate',
    hint: 'Enable “Deactivate Users”, then unassign the user from the app or deactivate them in Okta.',
    matches: kindIn('user.deactivate'),
  },
  {
    id: 'groupPush',
    title: 'First group push',
    hint: 'Open the Push Groups tab, find a group by name and save: Okta creates it here and sends its members.',
    matches: (e) => e.operation.kind === 'group.create' || e.operation.kind.startsWith('group.members.'),
  },
];

/**
 * The OAuth steps that come first in auth mode `oauth` (Okta's OIN app with "OAuth 2": "Authenticate
 * with …" sends the admin's browser to the authorize URL, then Okta exchanges the code and refreshes).
 */
export const OAUTH_STEPS: ChecklistStep[] = [
  {
    id: 'oauthConsent',
    title: 'OAuth consent',
    hint: 'In Okta’s Provisioning tab, click “Authenticate with …”, then Allow on the Scimscope consent page.',
    matches: kindIn('oauth.consent', 'oauth.denied'),
    anyClient: true,
    succeeded: (e) => e.operation.kind === 'oauth.consent' && e.status === 302,
  },
  {
    id: 'oauthToken',
    title: 'Access token issued',
    hint: 'Okta does this right after the consent: it posts the code to the token URL with the client ID and secret.',
    matches: kindIn('oauth.token'),
    anyClient: true,
  },
  {
    id: 'oauthRefresh',
    title: 'Token refreshed',
    hint: 'Happens when the access token expires: shorten its lifetime in Settings, or click “Expire access tokens now”.',
    matches: kindIn('oauth.refresh'),
    anyClient: true,
  },
];

const succeeded = (e: ExchangeSummary) => e.status >= 200 && e.status < 300;

/**
 * The checklist as a running scan: feed it exchanges oldest first (all at once, or batch by batch as
 * they arrive) and read the steps at any time. Appending never re-reads what was already seen.
 */
export class ChecklistScan {
  private readonly done = new Map<StepId, ExchangeSummary>();
  private readonly tried = new Map<StepId, ExchangeSummary>();

  constructor(
    private readonly client: ExchangeSummary['client'] = 'okta',
    private readonly steps: ChecklistStep[] = OKTA_STEPS,
  ) {}

  add(items: readonly ExchangeSummary[], from = 0): this {
    for (let i = from; i < items.length && this.done.size < this.steps.length; i++) {
      const e = items[i]!;
      for (const step of this.steps) {
        if (this.done.has(step.id) || (e.client !== this.client && !step.anyClient) || !step.matches(e)) continue;
        if ((step.succeeded ?? succeeded)(e)) this.done.set(step.id, e);
        else this.tried.set(step.id, e);
      }
    }
    return this;
  }

  results(): StepResult[] {
    return this.steps.map((step) => {
      const hit = this.done.get(step.id) ?? this.tried.get(step.id) ?? null;
      return {
        id: step.id,
        title: step.title,
        hint: step.hint,
        state: this.done.has(step.id) ? 'done' : hit ? 'tried' : 'pending',
        exchangeId: hit?.id ?? null,
        at: hit?.startedAt ?? null,
        status: hit?.status ?? null,
        outcome: hit?.outcome ?? null,
      };
    });
  }
}

/** Walks the traffic once (oldest first) and reports each step for the given client. */
export function setupChecklist(items: readonly ExchangeSummary[], client: ExchangeSummary['client'] = 'okta', steps: ChecklistStep[] = OKTA_STEPS): StepResult[] {
  return new ChecklistScan(client, steps).add(items).results();
}
