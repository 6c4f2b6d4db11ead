/**
 * The build's third-party notices (scripts/third-party-notices.ts) from real package folders on disk:
 * files inside node_modules map to their package (scoped or not, nested, with a bundler's prefix or
 * query), the project's own files to none; a package's licence file(s) are copied in full, and a
 * package that ships none is listed with its package.json licence field (string, object or the old
 * `licenses` array), never left out.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectNotices, packageDirOf, readPackageNotice, renderNotices } from '../../scripts/third-party-notices.js';
import { tempDir } from '../helpers/temp-dir.js';

let dir: string;
let remove: () => Promise<void>;
beforeEach(async () => ({ dir, remove } = await tempDir('scimscope-notices-')));
afterEach(() => remove());

async function makePackage(rel: string, pkg: Record<string, unknown>, files: Record<string, string> = {}): Promise<string> {
  const at = path.join(dir, rel);
  await mkdir(path.join(at, 'lib'), { recursive: true });
  await writeFile(path.join(at, 'package.json'), JSON.stringify(pkg));
  await writeFile(path.join(at, 'lib', 'index.js'), 'export {};\n');
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(at, name), text);
  return at;
}

describe('third-party notices', () => {
  it.each([
    ['node_modules/express/lib/express.js', 'node_modules/express'],
    ['node_modules/@faker-js/faker/dist/chunk.js', 'node_modules/@faker-js/faker'],
    ['node_modules/a/node_modules/b/index.js', 'node_modules/a/node_modules/b'],
    ['\0node_modules/react/index.js?commonjs-proxy', 'node_modules/react'],
    ['server/cli.ts', null],
    ['node_modules/@scope', null],
  ])('maps %s to its package folder', (file, expected) => {
    expect(packageDirOf(file, dir)).toBe(expected === null ? null : path.join(dir, expected));
  });

  it('copies the licence file(s) in full', async () => {
    const at = await makePackage('node_modules/withfile', { name: 'withfile', version: '1.2.3', license: 'BSD-3-Clause' }, { 'LICENSE.md': 'Copyright (c) Someone\nRedistribution and use…\n', NOTICE: 'Notice text\n' });
    expect(readPackageNotice(at)).toEqual({ name: 'withfile', version: '1.2.3', license: 'BSD-3-Clause', text: 'Copyright (c) Someone\nRedistribution and use…\n\nNotice text' });
  });

  it.each([
    ['a string', { license: 'ISC' }, 'ISC'],
    ['an object', { license: { type: 'MIT', url: 'x' } }, 'MIT'],
    ['the old licenses array', { licenses: [{ type: 'MIT' }, { type: 'Apache-2.0' }] }, '(MIT OR Apache-2.0)'],
    ['nothing', {}, 'UNKNOWN'],
  ])('lists a package without a licence file by its package.json licence field (%s)', async (_name, field, license) => {
    const at = await makePackage('node_modules/nofile', { name: 'nofile', version: '0.1.0', ...field });
    const notice = readPackageNotice(at);
    expect(notice.license).toBe(license);
    expect(notice.text).toBe(`Licensed under ${license} (the package's package.json "license" field; the package ships no licence file).`);
  });

  it('collects each bundled package once, sorted, and renders the list and the texts', async () => {
    await makePackage('node_modules/zeta', { name: 'zeta', version: '2.0.0', license: 'MIT' }, { LICENSE: 'Permission is hereby granted (zeta)' });
    await makePackage('node_modules/@s/alpha', { name: '@s/alpha', version: '1.0.0', license: 'ISC' });
    const notices = collectNotices(['node_modules/zeta/lib/index.js', 'node_modules/zeta/package.json', 'server/own.ts', path.join(dir, 'node_modules/@s/alpha/lib/index.js')], dir);
    expect(notices.map((n) => `${n.name}@${n.version}`)).toEqual(['@s/alpha@1.0.0', 'zeta@2.0.0']);
    const text = renderNotices('Heading', notices);
    expect(text).toMatch(/^Heading\n/);
    expect(text).toContain('  @s/alpha@1.0.0 (ISC)\n  zeta@2.0.0 (MIT)\n');
    expect(text).toContain('zeta@2.0.0\nLicense: MIT\n\nPermission is hereby granted (zeta)\n');
    expect(text).toContain('@s/alpha@1.0.0\nLicense: ISC\n\nLicensed under ISC');
  });
});
