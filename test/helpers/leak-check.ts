/**
 * A setup file for every test project: after each test file, any temp folder made with tempDir()
 * that is still on disk fails the file (its contents are named, so the leaking suite is easy to find).
 */
import { afterAll } from 'vitest';
import { leftoverTempDirs } from './temp-dir.js';

afterAll(async () => {
  const left = await leftoverTempDirs();
  if (left.length > 0) throw new Error(`This test file left temp folders behind (remove() them after close()):\n${left.join('\n')}`);
});
