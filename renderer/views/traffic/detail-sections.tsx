/**
 * The explanatory parts of the exchange detail: the injected fault, the retry or replay it belongs
 * to, the lint findings, and what it changed in the store (one diff per resource, linked to its page).
 */
import { CircleAlert, ExternalLink, Info, Repeat, RotateCcw, TriangleAlert, Zap } from 'lucide-react';
import type { Exchange, ExchangeSummary, LintLevel } from '../../../server/contract/index.js';
import { ChangeDiff } from '../../components/change-diff.js';
import { formatDuration } from '../../state/labels.js';
import { BreakpointNotice } from './breakpoint-notice.js';
import { changeVerb, humanDelay, resourceHref, resourceName } from './detail-format.js';
import { hashFor } from '../../state/route.js';

const LEVEL_ICON = { error: CircleAlert, warning: TriangleAlert, info: Info } as const;
const LEVEL_ORDER: Record<LintLevel, number> = { error: 0, warning: 1, info: 2 };

export type Lookup = (id: string) => ExchangeSummary | undefined;

function ExchangeLink({ id, lookup }: { id: string; lookup: Lookup }) {
  const found = lookup(id);
  return <a href={hashFor('traffic', id)}>{found ? `#${found.seq} · ${found.operation.summary}` : 'the original request'}</a>;
}

export function Notices({ exchange, lookup }: { exchange: Exchange; lookup: Lookup }) {
  const { fault, retryOf, replayOf, upstream, breakpoint } = exchange;
  if (!fault && !retryOf && !replayOf && !upstream && !breakpoint) return null;
  return (
    <div className="notices">
      {breakpoint && <BreakpointNotice hit={breakpoint} exchange={exchange} />}
      {upstream && (
        <div className={`notice ${upstream.error ? 'notice-fault' : 'notice-replay'}`} data-upstream-leg>
          <ExternalLink size={18} aria-hidden="true" />
          <div>
            <p className="notice-title">
              Forwarded to <code>{upstream.url}</code>
            </p>
            <p className="notice-text">
              {upstream.error ? (
                <>
                  Upstream failed: <strong>{upstream.error}</strong>
                </>
              ) : (
                <>
                  Upstream answered <strong>{upstream.status ?? '—'}</strong>
                </>
              )}
              {upstream.durationMs !== null && <> · upstream time <strong>{formatDuration(upstream.durationMs)}</strong> of {formatDuration(exchange.durationMs)} total</>}
            </p>
          </div>
        </div>
      )}
      {fault && (
        <div className="notice notice-fault">
          <Zap size={18} aria-hidden="true" />
          <div>
            <p className="notice-title">
              Fault injected by <strong>{fault.name}</strong>
            </p>
            <p className="notice-text">
              Action: <code>{fault.action}</code> · {fault.phase === 'after' ? 'after the backend applied the request' : 'before the backend'}
              {fault.latencyMs ? (
                <>
                  {' '}
                  · added latency <strong>{formatDuration(fault.latencyMs)}</strong>
                </>
              ) : null}{' '}
              · <a href={hashFor('faults')}>Fault rules</a>
            </p>
          </div>
        </div>
      )}
      {retryOf && (
        <div className="notice notice-retry">
          <RotateCcw size={18} aria-hidden="true" />
          <div>
            <p className="notice-title">
              Retry, attempt <strong>{retryOf.attempt}</strong>, {humanDelay(retryOf.delayMs)} after the previous try
            </p>
            <p className="notice-text">
              Repeats <ExchangeLink id={retryOf.exchangeId} lookup={lookup} />
            </p>
          </div>
        </div>
      )}
      {replayOf && (
        <div className="notice notice-replay">
          <Repeat size={18} aria-hidden="true" />
          <div>
            <p className="notice-title">Replayed from the inspector</p>
            <p className="notice-text">
              Sends again <ExchangeLink id={replayOf} lookup={lookup} />
            </p>
          </div>
        </div>
      )}
    </div>
  );
}

export function LintSection({ exchange }: { exchange: Exchange }) {
  if (exchange.lint.length === 0) return null;
  const findings = [...exchange.lint].sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level]);
  return (
    <section className="detail-section" aria-labelledby="lint-title">
      <h3 id="lint-title">
        Lint <span className="section-count">{findings.length}</span>
      </h3>
      <ul className="lint-list">
        {findings.map((f, i) => {
          const Icon = LEVEL_ICON[f.level];
          return (
            <li key={`${f.code}-${i}`} className={`lint-item lint-${f.level}`}>
              <Icon size={16} aria-hidden="true" className="lint-icon" />
              <div>
                <p className="lint-head">
                  <span className="visually-hidden">{f.level}: </span>
                  <code>{f.code}</code>
                  <span className={`lint-level lint-${f.level}`}>{f.level}</span>
                </p>
                <p className="lint-message">{f.message}</p>
                {f.sources && f.sources.length > 0 && (
                  <p className="lint-sources">
                    {f.sources.map((s, j) => (
                      <span key={j}>
                        {j > 0 && ' · '}
                        {s.url ? (
                          <a href={s.url} target="_blank" rel="noreferrer">
                            {s.ref}
                          </a>
                        ) : (
                          s.ref
                        )}
                      </span>
                    ))}
                  </p>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function ChangesSection({ exchange }: { exchange: Exchange }) {
  if (exchange.changes.length === 0) return null;
  return (
    <section className="detail-section" aria-labelledby="changes-title">
      <h3 id="changes-title">
        Changes <span className="section-count">{exchange.changes.length}</span>
      </h3>
      <div className="change-list">
        {exchange.changes.map((change) => {
          const verb = changeVerb(change);
          return (
            <article key={`${change.resourceType}-${change.id}`} className="change-card">
              <header className="change-head">
                <span className={`change-verb verb-${verb.toLowerCase()}`}>{verb}</span>
                <span className="change-type">{change.resourceType}</span>
                <a className="change-name" href={resourceHref(change.resourceType, change.id)} title={`Open ${change.resourceType.toLowerCase()} ${change.id}`}>
                  {resourceName(change)}
                  <ExternalLink size={13} aria-hidden="true" />
                </a>
              </header>
              {verb === 'Updated' && <ChangeDiff before={change.before} after={change.after} />}
            </article>
          );
        })}
      </div>
    </section>
  );
}
