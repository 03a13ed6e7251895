// A temporary directory that removes itself: made inside a test, it goes when that test finishes
// (onTestFinished); made while a file's tests are collected (top level or in a describe), it goes
// after them (afterAll). Tests leave nothing behind in the system's temporary directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, onTestFinished } from 'vitest';

export function scopedTempDir(prefix = 'emcert-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    onTestFinished(remove);
  } catch {
    afterAll(remove);
  }
  return dir;
}
