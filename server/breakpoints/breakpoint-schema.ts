/**
 * Validation of breakpoint rules (admin API and breakpoints.json) and of the edits a trainer sends
 * for a paused exchange. The match is the fault rules' own schema: one matcher, one vocabulary.
 */
import { z } from 'zod';
import { HEADER_VALUE, matchSchema } from '../faults/fault-schema.js';

export const DEFAULT_BREAKPOINT_TIMEOUT_MS = 60_000;
export const MIN_BREAKPOINT_TIMEOUT_MS = 10;
export const MAX_BREAKPOINT_TIMEOUT_MS = 600_000;

const timeoutMs = z.number().int().min(MIN_BREAKPOINT_TIMEOUT_MS).max(MAX_BREAKPOINT_TIMEOUT_MS);

export const breakpointInputSchema = z
  .object({
    name: z.string().min(1).max(200),
    enabled: z.boolean().default(true),
    phase: z.enum(['before', 'after']).default('before'),
    match: matchSchema.default({}),
    timeoutMs: timeoutMs.optional(),
  })
  .strict();

export type BreakpointInput = z.infer<typeof breakpointInputSchema>;

export const storedBreakpointSchema = breakpointInputSchema.extend({
  id: z.string().min(1),
  hits: z.number().int().min(0).default(0),
  lastHitAt: z.string().nullable().default(null),
});

export const breakpointsFileSchema = z.object({
  version: z.literal(1),
  defaultTimeoutMs: timeoutMs.default(DEFAULT_BREAKPOINT_TIMEOUT_MS),
  rules: z.array(storedBreakpointSchema),
});

export const breakpointSettingsSchema = z.object({ defaultTimeoutMs: timeoutMs }).strict();

/** Names are checked with the framing rule (breakpoint-edits.ts), where the message can name the header. */
const headerName = z.string();
const headerValue = z.string().max(8_000).regex(HEADER_VALUE, 'header values may not hold control characters (CR, LF...)');

/** A body as JSON (`body`) or as the editor's text (`bodyText`, parsed and depth-checked here); not both. */
const bodyFields = {
  body: z.json().optional(),
  bodyText: z.string().max(1024 * 1024).optional(),
};
const oneBody = (v: { body?: unknown; bodyText?: string }) => !(v.body !== undefined && v.bodyText !== undefined);
const oneBodyMessage = { message: 'send body or bodyText, not both' };

export const continueSchema = z
  .object({
    request: z
      .object({ headers: z.record(headerName, headerValue.nullable()).optional(), ...bodyFields })
      .strict()
      .refine(oneBody, oneBodyMessage)
      .optional(),
  })
  .strict();

export const respondSchema = z
  .object({
    status: z.number().int().min(200).max(599),
    headers: z.record(headerName, headerValue).optional(),
    ...bodyFields,
  })
  .strict()
  .refine(oneBody, oneBodyMessage);

export type ContinueInput = z.infer<typeof continueSchema>;
export type RespondInput = z.infer<typeof respondSchema>;
