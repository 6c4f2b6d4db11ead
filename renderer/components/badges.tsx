/** Small labels used across views: HTTP method, status, lifecycle kind, client. */
import type { ClientKind } from '../../server/contract/index.js';
import { CLIENT_NAMES, KIND_LABELS, kindTone, statusTone } from '../state/labels.js';

export function MethodBadge({ method }: { method: string }) {
  return <span className={`badge method method-${method.toLowerCase()}`}>{method}</span>;
}

export function StatusBadge({ status, outcome }: { status: number; outcome?: string }) {
  const text = status === 0 ? (outcome === 'dropped' ? 'dropped' : outcome === 'aborted' ? 'aborted' : '—') : String(status);
  return <span className={`badge status status-${statusTone(status)}`}>{text}</span>;
}

export function KindLabel({ kind }: { kind: string }) {
  return <span className={`kind kind-${kindTone(kind)}`}>{KIND_LABELS[kind as keyof typeof KIND_LABELS] ?? kind}</span>;
}

const CLIENT_MARKS: Record<ClientKind, string> = { okta: 'O', entra: 'E', onelogin: '1', jumpcloud: 'J', pingone: 'P', google: 'G', scimscope: 'S', curl: '$', unknown: '?' };

export function ClientMark({ client }: { client: ClientKind }) {
  return (
    <span className={`client-mark client-${client}`} title={CLIENT_NAMES[client]} aria-label={CLIENT_NAMES[client]}>
      {CLIENT_MARKS[client]}
    </span>
  );
}
