/** `/swarm explain` or `/swarm <question>` in a finding's thread (or `explain <id>` on the PR): one read-only worker, one reply in the thread. */
import { shortId } from '../publish/review/fingerprint.js';
import { mdCode, mdText } from '../publish/report/markdown.js';
import { finishThreadRun, planThreadWork, threadWorkers, workerFailure, type ThreadPlanned } from './parts/findingThread.js';
import type { Ran, WorkerMode } from './types.js';
import type { FindingDecision } from '../trigger/route.js';

export const findingAnswerMode: WorkerMode<FindingDecision, ThreadPlanned> = {
  name: 'finding-answer',
  codexWhilePlanning: false,
  plan: (c) => planThreadWork(c, 'answer'),
  workers: threadWorkers,
  publish: (c, p, ran) => finishThreadRun(c, p, ran, answerBody(p, ran)),
};

function answerBody(p: ThreadPlanned, ran: Ran): string {
  const r = ran.outcome.results[0];
  const id = mdCode(shortId(p.thread.finding.fingerprint));
  if (r?.status !== 'succeeded' || !r.answer?.summary.trim()) return `codex-swarm could not answer on ${id}: ${workerFailure(ran)}.`;
  return `💬 **codex-swarm** on ${id} (${mdCode(r.id)}):\n\n${mdText(r.answer.summary, { maxLength: 6000 })}`;
}
