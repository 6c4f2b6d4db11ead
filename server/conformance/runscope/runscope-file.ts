/**
 * Reads a Runscope API-test export (the JSON Okta distributes its SCIM tests as) into a checked
 * shape: request steps (method, url, headers, body, assertions, extractors, scripts), pauses, and
 * step kinds this runner does not run (reported as skipped, never silently dropped). A file that is
 * not such an export is refused with what is wrong.
 */
import { z } from 'zod';

const headerValue = z.union([z.string(), z.array(z.string())]);

const assertion = z.object({
  source: z.string(),
  comparison: z.string(),
  property: z.string().nullish(),
  value: z.union([z.string(), z.number(), z.boolean()]).nullish(),
});

const extractor = z.object({
  source: z.string(),
  property: z.string().nullish(),
  name: z.string().nullish(),
});

const requestStep = z.object({
  step_type: z.literal('request'),
  skipped: z.boolean().optional(),
  note: z.string().nullish(),
  method: z.string().default('GET'),
  url: z.string(),
  headers: z.record(z.string(), headerValue).nullish(),
  body: z.string().nullish(),
  data: z.string().nullish(),
  assertions: z.array(assertion).nullish(),
  variables: z.array(extractor).nullish(),
  scripts: z.array(z.string()).nullish(),
  before_scripts: z.array(z.string()).nullish(),
});

const pauseStep = z.object({ step_type: z.literal('pause'), skipped: z.boolean().optional(), duration: z.number().nonnegative() });

const otherStep = z.object({ step_type: z.string().refine((t) => t !== 'request' && t !== 'pause', 'a request step needs a url, a pause step a duration'), skipped: z.boolean().optional(), note: z.string().nullish() }).passthrough();

const test = z.object({
  name: z.string().default('Runscope test'),
  description: z.string().nullish(),
  steps: z.array(z.union([requestStep, pauseStep, otherStep])),
});

export type RunscopeAssertion = z.infer<typeof assertion>;
export type RunscopeExtractor = z.infer<typeof extractor>;
export type RunscopeRequestStep = z.infer<typeof requestStep>;
export type RunscopePauseStep = z.infer<typeof pauseStep>;
export type RunscopeStep = RunscopeRequestStep | RunscopePauseStep | z.infer<typeof otherStep>;
export type RunscopeTest = z.infer<typeof test>;

export class RunscopeFileError extends Error {}

/** Parses the text of an export: one test, or an array of tests (a bucket export). */
export function parseRunscopeExport(text: string, fileName = 'the file'): RunscopeTest[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new RunscopeFileError(`${fileName} is not JSON: ${(error as Error).message}`);
  }
  const parsed = (Array.isArray(json) ? z.array(test).min(1) : test).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RunscopeFileError(`${fileName} is not a Runscope API-test export (${issue?.path.join('.') || 'top level'}: ${issue?.message}).`);
  }
  return Array.isArray(parsed.data) ? parsed.data : [parsed.data];
}

export function isRequestStep(step: RunscopeStep): step is RunscopeRequestStep {
  return step.step_type === 'request' && typeof (step as RunscopeRequestStep).url === 'string';
}

export function isPauseStep(step: RunscopeStep): step is RunscopePauseStep {
  return step.step_type === 'pause' && typeof (step as RunscopePauseStep).duration === 'number';
}
