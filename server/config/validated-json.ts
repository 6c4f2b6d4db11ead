/**
 * Reading a small JSON file the user may have edited (settings, fault rules): parse it, validate it,
 * and when either fails, stop with an AppError that names the file and the first problem, leaving
 * the file untouched.
 */
import type { z } from 'zod';
import { AppError, type AppErrorCode } from '../app-errors.js';
import { readFileIfExists } from './atomic-write.js';

/** The validated data and the JSON as it was on disk; null when the file does not exist. */
export async function readValidatedJson<S extends z.ZodType>(file: string, schema: S, code: AppErrorCode): Promise<{ data: z.output<S>; raw: unknown } | null> {
  const text = await readFileIfExists(file);
  if (text === null) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new AppError(code, { file, reason: (error as Error).message });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError(code, { file, reason: `${issue.path.join('.') || '(top level)'}: ${issue.message}` });
  }
  return { data: parsed.data, raw };
}
