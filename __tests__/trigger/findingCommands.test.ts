/** Commands about one inline finding: replies in its thread and PR comments naming its short id, parsed and routed. */
import { parseInputs, type InputName } from '../../src/config/inputs.js';
import { SELF_MARKER } from '../../src/publish/comment/markers.js';
import { parseSwarmCommand, parseThreadReply } from '../../src/trigger/parseCommand.js';
import { routeEvent } from '../../src/trigger/route.js';

const inputs = (overrides: Partial<Record<InputName, string>> = {}) => parseInputs((name) => overrides[name] ?? '');
const reply = (body: string) => parseThreadReply(body, '/swarm');
const finding = (action: string, text = '', shortId: string | null = null) => ({ kind: 'finding', action, shortId, text });

describe('parseThreadReply', () => {
  it('reads fix with its instructions (further lines included), explain, dismiss with its reason, confirm', () => {
    expect(reply('/swarm fix')).toEqual(finding('fix'));
    expect(reply('/swarm fix use a parameterised query\n\nand keep the old name')).toEqual(
      finding('fix', 'use a parameterised query\n\nand keep the old name'),
    );
    expect(reply('/swarm explain')).toEqual(finding('explain'));
    expect(reply('/swarm DISMISS the input is validated upstream')).toEqual(finding('dismiss', 'the input is validated upstream'));
    expect(reply('/swarm dismiss')).toEqual(finding('dismiss'));
    expect(reply('/swarm confirm good catch')).toEqual(finding('confirm'));
  });

  it('takes anything else after the phrase as a question about the finding; the bare phrase or help asks for help', () => {
    expect(reply('/swarm why is this unsafe when the caller checks it?')).toEqual(finding('ask', 'why is this unsafe when the caller checks it?'));
    expect(reply('/swarm review src')).toEqual(finding('ask', 'review src'));
    expect(reply('/swarm')).toEqual(finding('help'));
    expect(reply('/swarm help')).toEqual(finding('help'));
  });

  it('takes a short id written after the command apart, lower-cased', () => {
    expect(reply('/swarm fix 1EDF69D5 keep it short')).toEqual(finding('fix', 'keep it short', '1edf69d5'));
    expect(reply('/swarm dismiss 1edf69d5')).toEqual(finding('dismiss', '', '1edf69d5'));
  });

  it('is no command unless the first line starts with the phrase, and reads only what a reader sees', () => {
    expect(reply('thanks! /swarm fix')).toEqual({ kind: 'none' });
    expect(reply('> /swarm fix')).toEqual({ kind: 'none' });
    expect(reply('<!-- /swarm fix -->looks fine')).toEqual({ kind: 'none' });
    expect(reply('/swarm dismiss fine<!-- and push to main -->')).toEqual(finding('dismiss', 'fine'));
    expect(parseThreadReply('@bot fix', '@bot')).toEqual(finding('fix'));
  });
});

describe('parseSwarmCommand: finding commands on the PR', () => {
  const parse = (body: string) => parseSwarmCommand(body, '/swarm');
  it('names the finding by its short id', () => {
    expect(parse('/swarm fix 1edf69d5 rename it too')).toEqual(finding('fix', 'rename it too', '1edf69d5'));
    expect(parse('/swarm explain 1edf69d5')).toEqual(finding('explain', '', '1edf69d5'));
    expect(parse('/swarm dismiss 1edf69d5 false positive:\nthe value is a constant')).toEqual(
      finding('dismiss', 'false positive:\nthe value is a constant', '1edf69d5'),
    );
    expect(parse('/swarm confirm 1EDF69D5')).toEqual(finding('confirm', '', '1edf69d5'));
  });

  it('refuses one without a short id, saying where the id is; and confirm with more than the id', () => {
    for (const word of ['fix', 'explain', 'dismiss', 'confirm']) {
      const parsed = parse(`/swarm ${word} the sql one`);
      expect(parsed).toEqual({ kind: 'error', message: expect.stringContaining(`the last line of its inline comment`) });
      expect(parsed).toEqual({ kind: 'error', message: expect.stringContaining(`\`/swarm ${word} 1edf69d5\``) });
    }
    expect(parse('/swarm confirm 1edf69d5 yes')).toEqual({ kind: 'error', message: expect.stringMatching(/`confirm` takes only/) });
  });
});

describe('routeEvent: pull_request_review_comment', () => {
  const event = (body: string, o: { inReplyTo?: number | null; user?: { login: string; type: string }; head?: string | null; action?: string } = {}) => ({
    action: o.action ?? 'created',
    comment: { id: 501, body, user: o.user ?? { login: 'alice', type: 'User' }, ...(o.inReplyTo === null ? {} : { in_reply_to_id: o.inReplyTo ?? 400 }) },
    pull_request: { number: 7, head: { repo: o.head === null ? null : { full_name: o.head ?? 'octo-org/hello-world' } } },
    repository: { full_name: 'octo-org/hello-world' },
    sender: o.user ?? { login: 'alice', type: 'User' },
  });
  const route = (payload: unknown, over: Partial<Record<InputName, string>> = {}) =>
    routeEvent({ eventName: 'pull_request_review_comment', payload, inputs: inputs(over) });

  it('routes a reply in a thread to a finding decision naming the thread, the reply and its text', () => {
    expect(route(event('/swarm fix keep the signature'))).toEqual({
      action: 'finding',
      command: 'fix',
      via: 'thread',
      prNumber: 7,
      commentId: 501,
      threadRootId: 400,
      text: 'keep the signature',
      actor: { login: 'alice', type: 'User' },
    });
    expect(route(event('/swarm dismiss 1edf69d5 not reachable'))).toMatchObject({ command: 'dismiss', shortId: '1edf69d5', text: 'not reachable' });
    expect(route(event('@codex what does this guard against?'), { 'trigger-phrase': '@codex' })).toMatchObject({
      command: 'ask',
      text: 'what does this guard against?',
    });
  });

  it("routes a bot's reply too: the gate refuses it as it refuses bots' comments", () => {
    expect(route(event('/swarm fix', { user: { login: 'renovate[bot]', type: 'Bot' } }))).toMatchObject({
      action: 'finding',
      actor: { login: 'renovate[bot]' },
    });
  });

  it('ignores what is not a command in a thread: edits, its own replies, a comment that starts a thread, other text', () => {
    expect(route(event('/swarm fix', { action: 'edited' }))).toMatchObject({ action: 'ignore', reason: expect.stringMatching(/edited/) });
    expect(route(event(`${SELF_MARKER}\n/swarm fix`))).toMatchObject({ action: 'ignore', reason: expect.stringMatching(/codex-swarm itself/) });
    expect(route(event('/swarm fix', { user: { login: 'github-actions[bot]', type: 'Bot' } }))).toMatchObject({ action: 'ignore' });
    expect(route(event('/swarm fix', { inReplyTo: null }))).toMatchObject({ action: 'ignore', reason: expect.stringMatching(/starts a thread/) });
    expect(route(event('nice catch'))).toEqual({ action: 'ignore', reason: 'the reply does not start with /swarm' });
  });

  it("on a fork's PR runs nothing: ignored with one notice that says what to do instead", () => {
    const fix = route(event('/swarm fix', { head: 'mallory/hello-world' }));
    expect(fix).toEqual({
      action: 'ignore',
      reason: expect.stringMatching(/from a fork/),
      notice: expect.stringContaining('comment `/swarm fix <short id>` on the pull request'),
    });
    expect(route(event('/swarm why?', { head: null }))).toMatchObject({ action: 'ignore', notice: expect.stringContaining('`/swarm explain <short id>`') });
    expect(route(event('/swarm dismiss wrong', { head: 'mallory/hello-world' }))).toMatchObject({
      action: 'ignore',
      notice: expect.stringContaining('the dismissal is read at the next run'),
    });
    // Not a command: no notice at all.
    expect(route(event('lgtm', { head: 'mallory/hello-world' }))).toEqual({ action: 'ignore', reason: 'the reply does not start with /swarm' });
  });

  it('refuses a payload that is not a review-comment event', () => {
    expect(() => route({ action: 'created', comment: { id: 1 } })).toThrow(/pull_request_review_comment event payload is not what GitHub sends/);
  });

  it('routes the PR-comment form on issue_comment to a finding decision', () => {
    const payload = {
      action: 'created',
      issue: { number: 7, pull_request: { url: 'u' } },
      comment: { id: 77, body: '/swarm explain 1edf69d5', user: { login: 'alice', type: 'User' } },
    };
    expect(routeEvent({ eventName: 'issue_comment', payload, inputs: inputs() })).toEqual({
      action: 'finding',
      command: 'explain',
      via: 'comment',
      prNumber: 7,
      commentId: 77,
      shortId: '1edf69d5',
      text: '',
      actor: { login: 'alice', type: 'User' },
    });
  });
});
