/** What a run's tokens let memory do, decided from the event and the runtime token's `ac` claim before anything is tried. */
import { cacheAccess, cacheScopesOf, memoryAccessNotice } from '../../src/memory/cacheAccess.js';
import { runtimeToken, runtimeTokenFor, type TokenEvent } from '../fixtures/runtimeToken.js';

const access = (e: TokenEvent, over: { ref?: string; untrusted?: boolean; cacheMode?: string; token?: string } = {}) =>
  cacheAccess({
    eventName: e.event,
    ref: over.ref ?? e.ref ?? 'refs/heads/main',
    defaultBranch: 'main',
    runtimeToken: over.token ?? runtimeTokenFor(e),
    untrusted: over.untrusted ?? false,
    ...(over.cacheMode ? { cacheMode: over.cacheMode } : {}),
  });

test('reads the cache scopes from the token', () => {
  expect(cacheScopesOf(runtimeTokenFor({ event: 'pull_request', pr: 7 }))).toEqual([
    { ref: 'refs/pull/7/merge', read: true, write: true },
    { ref: 'refs/heads/main', read: true, write: false },
  ]);
  expect(cacheScopesOf(undefined)).toBeNull();
  expect(cacheScopesOf('not-a-jwt')).toBeNull();
  expect(cacheScopesOf(runtimeToken('r', 'j', []))).toEqual([]);
});

describe('consolidation is decided before trying', () => {
  it.each([
    ['push to main', { event: 'push' }, {}, { restore: true, consolidate: true, lacksWrite: false }],
    ['schedule', { event: 'schedule' }, {}, { restore: true, consolidate: true, lacksWrite: false }],
    ['workflow_dispatch on main', { event: 'workflow_dispatch' }, {}, { restore: true, consolidate: true, lacksWrite: false }],
    ['schedule without actions: write', { event: 'schedule', actionsWrite: false }, {}, { restore: true, consolidate: false, lacksWrite: true }],
    ['push to a topic branch', { event: 'push', ref: 'refs/heads/topic' }, {}, { restore: true, consolidate: false, lacksWrite: false }],
    ['pull_request (writes only its PR scope)', { event: 'pull_request', pr: 3 }, {}, { restore: true, consolidate: false, lacksWrite: false }],
    ['issue_comment (read-only token)', { event: 'issue_comment' }, {}, { restore: true, consolidate: false, lacksWrite: false }],
    ['a token without cache scopes', { event: 'schedule' }, { token: runtimeToken('r', 'j', []) }, { restore: false, consolidate: false, lacksWrite: true }],
    [
      'a token that does not say (no ac claim): the event decides',
      { event: 'schedule' },
      { token: 'a.b.c' },
      { restore: true, consolidate: true, lacksWrite: false },
    ],
    ['ACTIONS_CACHE_MODE=read', { event: 'schedule' }, { cacheMode: 'read' }, { restore: true, consolidate: false, lacksWrite: false }],
    ['a run whose workers read a fork PR', { event: 'workflow_dispatch' }, { untrusted: true }, { restore: true, consolidate: false, lacksWrite: false }],
  ])('%s', (_, event, over, expected) => {
    expect(access(event as TokenEvent, over)).toEqual(expected);
  });
});

test('says what is missing in one line, naming the permission', () => {
  expect(memoryAccessNotice({ deltasDenied: false, lacksWrite: false })).toBeNull();
  expect(memoryAccessNotice({ deltasDenied: true, lacksWrite: false })).toContain('add `actions: read`');
  expect(memoryAccessNotice({ deltasDenied: false, lacksWrite: true })).toContain('add `actions: write`');
  expect(memoryAccessNotice({ deltasDenied: true, lacksWrite: true })).toMatch(/^memory: .*add `actions: write` \(it includes read\)/);
  for (const line of [memoryAccessNotice({ deltasDenied: true, lacksWrite: true })!, memoryAccessNotice({ deltasDenied: true, lacksWrite: false })!]) {
    expect(line).not.toContain('\n');
  }
});
