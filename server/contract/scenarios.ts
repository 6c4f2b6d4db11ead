/** Shapes of the Scenarios API (/api/scenarios, /api/scenario-runs), shared with the inspector. Types only. */
import type { OperationKind } from './exchange.js';

export type IdpProfileId = 'okta' | 'okta-aiw' | 'entra' | 'entra-flag';

export interface ScenarioStepInfo {
  name: string;
  why: string;
  kind: OperationKind;
  method?: string;
}

export interface ScenarioInfo {
  id: string;
  title: string;
  summary: string;
  profiles: IdpProfileId[];
  steps: Partial<Record<IdpProfileId, ScenarioStepInfo[]>>;
}

export interface IdpProfileInfo {
  id: IdpProfileId;
  label: string;
  client: 'okta' | 'entra';
  description: string;
}

export interface StepOutcome {
  index: number;
  name: string;
  why: string;
  kind: OperationKind;
  method: string;
  path: string;
  /** 0 when no answer came (connection refused, timeout). */
  status: number;
  expectedStatus: number;
  ok: boolean;
  failures: string[];
  /** The exchange this request became, when the target is a Scimscope sandbox. */
  exchangeId: string | null;
  /** Requests sent for this step (more than 1 after 429 back-off). */
  attempts: number;
  /** Time spent waiting on Retry-After / back-off, after the speed factor (ms). */
  waitedMs: number;
  durationMs: number;
}

export interface ScenarioRunView {
  id: string;
  scenario: string;
  profile: IdpProfileId;
  target: string;
  targetIsSandbox: boolean;
  done: boolean;
  passed: boolean;
  outcomes: StepOutcome[];
  remaining: ScenarioStepInfo[];
}
