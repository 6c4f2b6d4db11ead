/** The shape of one step of a played scenario, shared by the catalogue, the extra steps and the runner. */
import type { OperationKind } from '../contract/exchange.js';
import type { SpecStep } from './request-shapes.js';

export interface ScenarioStep {
  request: SpecStep;
  /** One line: what the IdP is doing, and why. */
  why: string;
  /** The lifecycle label the recorder should give the exchange. */
  kind: OperationKind;
  /** Okta pages imports: after this request, ask for the next page until totalResults is reached. */
  paged?: boolean;
}
