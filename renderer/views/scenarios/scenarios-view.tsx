/**
 * The Scenarios view: Scimscope plays Okta or Entra ID. Pick an IdP, a scenario and a target (this
 * sandbox or another SCIM server), then Run it, or Step one request at a time so a trainer can talk
 * over each. Each played step says what the IdP did and why, what it expected, what came back, and
 * links to its exchange in Traffic. Everything goes through the admin API.
 */
import { Play, SkipForward, RotateCcw } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import type { IdpProfileId, IdpProfileInfo, ScenarioInfo, ScenarioRunView } from '../../../server/contract/index.js';
import { useServices } from '../../app-services.js';
import { KindLabel, MethodBadge } from '../../components/badges.js';
import { navigate } from '../../state/route.js';
import { attempt } from '../../state/toasts.js';
import { ScenarioTarget, type TargetChoice } from './scenario-target.js';
import { StepList } from './step-list.js';
import { ConformancePanel } from './conformance-panel.js';
import '../../styles/scenarios.css';

export function ScenariosView() {
  const { client } = useServices();
  const [scenarios, setScenarios] = useState<ScenarioInfo[] | null>(null);
  const [profiles, setProfiles] = useState<IdpProfileInfo[]>([]);
  const [profile, setProfile] = useState<IdpProfileId>('okta');
  const [scenarioId, setScenarioId] = useState('joiner-mover-leaver');
  const [target, setTarget] = useState<TargetChoice>({ kind: 'sandbox' });
  const [run, setRun] = useState<ScenarioRunView | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void attempt(() => client.scenarios()).then((list) => {
      if (!list) return;
      setScenarios(list.items);
      setProfiles(list.profiles);
    });
  }, [client]);

  const available = useMemo(() => scenarios?.filter((s) => s.profiles.includes(profile)) ?? [], [scenarios, profile]);
  const scenario = available.find((s) => s.id === scenarioId) ?? available[0];
  const planned = scenario?.steps[profile] ?? [];
  const runMatches = run !== null && run.scenario === scenario?.id && run.profile === profile;

  const start = async () => {
    if (!scenario) return null;
    const body = target.kind === 'sandbox' ? {} : { target: { url: target.url, auth: target.auth, token: target.token, username: target.username, password: target.password } };
    return attempt(() => client.startScenario({ scenario: scenario.id, profile, ...body }));
  };
  const act = async (mode: 'step' | 'run') => {
    setBusy(true);
    try {
      let current = runMatches && !run.done ? run : await start();
      if (!current) return;
      setRun(current);
      current = await attempt(() => (mode === 'step' ? client.stepScenario(current!.id) : client.runScenario(current!.id)));
      if (current) setRun(current);
    } finally {
      setBusy(false);
    }
  };

  const current = profiles.find((p) => p.id === profile);
  return (
    <div className="page scenarios-page">
      <header className="scenarios-header">
        <h1>Scenarios</h1>
        <p className="lead">Scimscope plays the identity provider: the requests Okta and Entra ID really send, in their order. Every request shows up in Traffic, marked as emulated.</p>
      </header>
      <div className="scenarios-layout">
        <section className="card scenarios-setup" aria-label="Scenario setup">
          <label className="scen-field">
            <span>Identity provider</span>
            <select value={profile} onChange={(e) => { setProfile(e.target.value as IdpProfileId); setRun(null); }} aria-label="Identity provider">
              {profiles.map((p) => (
                <option key={p.id} value={p.id}>{p.label}</option>
              ))}
            </select>
            {current && <small className="muted">{current.description}</small>}
          </label>
          <div className="scen-field">
            <span id="scenario-label">Scenario</span>
            <ul className="scenario-choices" role="listbox" aria-labelledby="scenario-label">
              {available.map((s) => (
                <li key={s.id}>
                  <button type="button" role="option" aria-selected={s.id === scenario?.id} className={s.id === scenario?.id ? 'scenario-choice selected' : 'scenario-choice'} onClick={() => { setScenarioId(s.id); setRun(null); }}>
                    <strong>{s.title}</strong>
                    <span className="muted">{s.summary}</span>
                  </button>
                </li>
              ))}
            </ul>
          </div>
          <ScenarioTarget value={target} onChange={(t) => { setTarget(t); setRun(null); }} />
        </section>
        <section className="card scenarios-run" aria-label="Scenario run">
          <div className="scenarios-run-header">
            <h2>{scenario?.title ?? 'Scenario'}</h2>
            <div className="scenarios-actions">
              <button type="button" className="button" disabled={busy || !scenario || (runMatches && run.done)} onClick={() => void act('step')}>
                <SkipForward size={16} aria-hidden="true" /> Step
              </button>
              <button type="button" className="button primary" disabled={busy || !scenario || (runMatches && run.done)} onClick={() => void act('run')}>
                <Play size={16} aria-hidden="true" /> {runMatches && run.outcomes.length > 0 ? 'Run the rest' : 'Run'}
              </button>
              {runMatches && (
                <button type="button" className="button ghost" disabled={busy} onClick={() => setRun(null)}>
                  <RotateCcw size={16} aria-hidden="true" /> Reset
                </button>
              )}
            </div>
          </div>
          {runMatches && run.done && (
            <p className={run.passed ? 'scenario-verdict ok' : 'scenario-verdict bad'} role="status">
              {run.passed ? `All ${run.outcomes.length} steps got what ${current?.label ?? 'the IdP'} expects.` : `${run.outcomes.filter((o) => !o.ok).length} of ${run.outcomes.length} steps did not get what ${current?.label ?? 'the IdP'} expects.`}
            </p>
          )}
          <StepList
            planned={planned}
            outcomes={runMatches ? run.outcomes : []}
            remaining={runMatches ? run.remaining : planned}
            onOpenExchange={runMatches && run.targetIsSandbox ? (id) => navigate('traffic', id) : null}
            renderKind={(kind) => <KindLabel kind={kind} />}
            renderMethod={(method) => <MethodBadge method={method} />}
          />
        </section>
      </div>
      <ConformancePanel client={client} target={target} />
    </div>
  );
}
