/**
 * One typed event map for everything that happens inside the sandbox. Names are `area:past-tense`;
 * the admin WebSocket, the CLI and the Electron shell all listen to these same names.
 */
import { EventEmitter } from 'node:events';
import type { TunnelState } from '../contract/admin.js';
import type { PausedExchange } from '../contract/breakpoints.js';
import type { BreakpointResolution, ExchangeSummary } from '../contract/exchange.js';
import type { ChangeOrigin, ResourceChange, StoreCounts } from '../contract/store.js';

export interface ServerEvents {
  'exchange:recorded': [summary: ExchangeSummary];
  'exchanges:cleared': [];
  'store:changed': [event: { changes: ResourceChange[]; origin: ChangeOrigin; counts: StoreCounts }];
  'settings:changed': [event: { keys: string[] }];
  'faults:changed': [event: { reason: string }];
  'tunnel:changed': [event: Pick<TunnelState, 'status' | 'url' | 'error'>];
  'breakpoints:changed': [event: { reason: string }];
  'breakpoint:paused': [paused: PausedExchange];
  'breakpoint:released': [event: { id: string; exchangeId: string | null; resolution: BreakpointResolution }];
}

export class EventBus extends EventEmitter<ServerEvents> {
  constructor() {
    super();
    // Every WebSocket client adds listeners; a busy inspector should not trip the leak warning.
    this.setMaxListeners(200);
  }
}
