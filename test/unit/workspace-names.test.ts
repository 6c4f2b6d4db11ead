/** Workspace names, mounts and numbered series: what a name may be and how a URL is split. */
import { describe, expect, it } from 'vitest';
import { seriesNames } from '../../server/admin/workspaces-routes.js';
import { isWorkspaceName, mountPathOf, nameProblem, splitMount, workspaceDir } from '../../server/workspaces/workspace-names.js';

describe('workspace names', () => {
  it.each([
    ['a', null],
    ['class-01', null],
    ['0team', null],
    ['x'.repeat(40), null],
    ['x'.repeat(41), 'not a workspace name'],
    ['default', 'data folder'],
    ['-lead', 'not a workspace name'],
    ['Upper', 'not a workspace name'],
    ['has space', 'not a workspace name'],
    ['dots.no', 'not a workspace name'],
    ['', 'not a workspace name'],
    ['../etc', 'not a workspace name'],
    [42, 'must be a string'],
  ])('%j → %s', (name, problem) => {
    const found = nameProblem(name);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toContain(problem);
  });

  it('accepts default as an existing name but not as a new one', () => {
    expect(isWorkspaceName('default')).toBe(true);
    expect(nameProblem('default')).not.toBeNull();
  });

  it.each([
    ['/w/a/scim/v2/Users?x=1', { name: 'a', rest: '/scim/v2/Users?x=1' }],
    ['/w/a', { name: 'a', rest: '/' }],
    ['/w/a?x', { name: 'a', rest: '/?x' }],
    ['/w//scim', { name: '', rest: '/scim' }],
    ['/scim/v2/Users', null],
    ['/wx/a', null],
  ])('splits %s', (url, split) => {
    expect(splitMount(url)).toEqual(split);
  });

  it('puts the default workspace at the root and the others under workspaces/ and /w/', () => {
    expect(mountPathOf('default')).toBe('');
    expect(mountPathOf('a')).toBe('/w/a');
    expect(workspaceDir('/d', 'default')).toBe('/d');
    expect(workspaceDir('/d', 'a')).toBe('/d/workspaces/a');
  });

  it('numbers a series with at least two digits, so it sorts as it counts', () => {
    expect(seriesNames('class-', 3)).toEqual(['class-01', 'class-02', 'class-03']);
    expect(seriesNames('t', 100).slice(-2)).toEqual(['t099', 't100']);
  });
});
