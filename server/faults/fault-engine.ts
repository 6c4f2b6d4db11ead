/**
 * The fault engine: a step of the SCIM pipeline, after authentication and parsing, before the
 * backend. Enabled rules are tried in order, per phase. Before-phase rules (the default): latency
 * rules that fire add their delay, and the first other rule that fires answers instead of the
 * backend, so an injected error never reaches the store or the upstream. After-phase rules let the
 * backend serve the request (a write is applied) and then delay, relabel or replace its answer
 * (response-hold.ts). The exchange records which rule fired, what it did and in which phase.
 */
import type { FaultHit } from '../contract/exchange.js';
import type { FaultPhase, FaultRule } from '../contract/faults.js';
import type { Settings } from '../contract/settings.js';
import type { RecordingHints } from '../recorder/recorder.js';
import type { ScimRequest, ScimResponse, Step } from '../scim/http/pipeline.js';
import type { Repository } from '../store/repository.js';
import { applyAction } from './fault-actions.js';
import { anyEnabled, hashString, matches, shouldFire, type RequestView } from './fault-matcher.js';
import { seededRandom } from '../seed/seeded-random.js';
import { requestViewOf } from './request-view.js';
import type { FaultStore } from './fault-store.js';
import { holdResponse, type HeldAnswer } from './response-hold.js';

interface Picked {
  latencyMs: number;
  firstLatency: FaultRule | null;
  fired: FaultRule | null;
}

export interface FaultEngineOptions {
  store: FaultStore;
  repo: Repository;
  settings: () => Settings;
}

export class FaultEngine {
  private generators = new Map<string, () => number>();
  private seed: number | null = null;

  constructor(private readonly options: FaultEngineOptions) {}

  /** Starts every rule's random sequence again (after a seed change or a counter reset). */
  reseed(): void {
    this.generators.clear();
    this.seed = this.options.settings().faults.seed;
  }

  private randomFor(rule: FaultRule): () => number {
    const seed = this.options.settings().faults.seed;
    if (seed !== this.seed) this.reseed();
    if (seed === null) return Math.random;
    let generator = this.generators.get(rule.id);
    if (!generator) this.generators.set(rule.id, (generator = seededRandom(seed ^ hashString(rule.id))));
    return generator;
  }

  step(): Step {
    return (req, res, next) => {
      const rules = this.options.store.list();
      if (!anyEnabled(rules)) return next();
      const view = requestViewOf(req, res, this.options.repo);

      const before = this.pick(rules, 'before', view);
      // A before-phase action answers instead of the backend: after-phase rules never see the request.
      const after = before.fired ? null : this.pick(rules, 'after', view);
      if (!before.fired && !before.firstLatency && !after?.fired && !after?.firstLatency) return next();

      const hints = res.locals.recording as RecordingHints | undefined;
      const afterHit = after?.fired ?? after?.firstLatency ?? null;
      const hit = before.fired ?? afterHit ?? before.firstLatency!;
      const latencyMs = before.latencyMs + (after?.latencyMs ?? 0);
      const phase = hit === afterHit ? 'after' : 'before';
      const fault: FaultHit = { ruleId: hit.id, name: hit.name, action: hit.action.type, phase, ...(latencyMs > 0 ? { latencyMs } : {}) };
      if (hints) hints.fault = fault;

      const serve = () => {
        if (after && afterHit) holdResponse(res, (held) => this.afterBackend(after, held, req, res));
        next();
      };
      const act = () => (before.fired ? applyAction(before.fired.action, req, res, next) : serve());
      if (before.latencyMs > 0) {
        // A client that leaves (or a shutdown that cuts it) during the delay is not served later.
        const timer = setTimeout(act, before.latencyMs);
        res.once('close', () => clearTimeout(timer));
      } else act();
    };
  }

  /** The enabled rules of one phase that match and fire: latency rules add up, the first other rule acts. */
  private pick(rules: readonly FaultRule[], phase: FaultPhase, view: RequestView): Picked {
    let latencyMs = 0;
    let firstLatency: FaultRule | null = null;
    let fired: FaultRule | null = null;
    for (const rule of rules) {
      if (!rule.enabled || (rule.phase ?? 'before') !== phase) continue;
      const isLatency = rule.action.type === 'latency';
      if (fired && !isLatency) continue;
      if (!matches(rule.match, view)) continue;
      const fire = shouldFire(rule.when, rule.matched, rule.hits, this.randomFor(rule));
      this.options.store.count(rule, fire);
      if (!fire) continue;
      if (rule.action.type === 'latency') {
        latencyMs += rule.action.ms + (rule.action.jitterMs ? Math.round(this.randomFor(rule)() * rule.action.jitterMs) : 0);
        firstLatency ??= rule;
      } else fired = rule;
    }
    return { latencyMs, firstLatency, fired };
  }

  /** After the backend answered (and applied any write): delay it, relabel it, or replace it with the failure. */
  private afterBackend(after: Picked, held: HeldAnswer, req: ScimRequest, res: ScimResponse): void {
    const act = () => {
      const action = after.fired?.action;
      if (!action) return held.release();
      if (action.type === 'wrongContentType') {
        res.setHeader('Content-Type', action.contentType ?? 'text/html; charset=utf-8');
        return held.release();
      }
      held.discard();
      applyAction(action, req, res, () => held.release());
    };
    if (after.latencyMs > 0) setTimeout(act, after.latencyMs);
    else act();
  }
}
