/**
 * The run's findings as one check run named `codex-swarm` on the pull request's head commit, on
 * any trigger (an `issue_comment` run's own annotations land on the default branch instead): every
 * finding with a place in the checkout as an annotation, a title with the counts, the report as
 * its summary, and a conclusion from `fail-on` over the findings still open — so a required status
 * check blocks a merge until they are fixed or dismissed.
 *
 * The Checks API takes at most 50 annotations per request: the run is created with the first 50
 * and patched with the rest, the last request completing it. It needs `checks: write`; without it
 * (403) the result says so and nothing throws: the caller falls back to workflow annotations.
 * A create answered 5xx may have happened: the run carries `external_id` and is looked for before
 * a second create; a patch answered 5xx is checked against the run's annotation count.
 */
import type { GitHubClient } from '../../github/client.js';
import { createOnce, NO_RETRIES } from '../../github/createOnce.js';
import { SEVERITIES, type Severity } from '../../workers/types.js';
import { annotationLevel } from './annotations.js';
import { describeCounts, type FailOn } from '../report/conclusion.js';
import { describeError, httpStatus } from '../comment/githubBody.js';
import { plainLine } from '../report/markdown.js';
import type { ReviewFinding } from './placeFindings.js';

export const CHECK_RUN_NAME = 'codex-swarm';
export const ANNOTATIONS_PER_REQUEST = 50;
/** The Checks API's cap on `output.summary`, in characters. */
export const CHECK_SUMMARY_MAX_CHARS = 65_535;

export type CheckConclusion = 'success' | 'failure' | 'cancelled';

export interface CheckRunOptions {
  octokit: GitHubClient;
  owner: string;
  repo: string;
  /** The commit to put it on: the pull request's head, whatever triggered the run. */
  headSha: string;
  /** The run's findings, placed (publishReview's `findings`): each with a file in the checkout becomes an annotation. */
  findings: ReviewFinding[];
  /** The findings still open (dismissed and resolved ones left out): they decide the conclusion. */
  openFindings: { severity: Severity }[];
  failOn: FailOn;
  /** Workers that did not succeed: `fail-on: error` and a severity gate fail on them, as the step does. */
  unsuccessfulWorkers?: number;
  cancelled?: boolean;
  /** The report (markdown): the summary, cut to what the Checks API takes. */
  report: string;
  /** Where "Details" leads: the workflow run. */
  detailsUrl?: string;
  /** This run, `<run id>-<attempt>`: the check run carries it, so a retry never makes a second. */
  externalId: string;
  name?: string;
}

export type CheckRunResult =
  | { published: true; id: number; url: string; conclusion: CheckConclusion; annotations: number; notAnnotated: number }
  | { published: false; forbidden: boolean; reason: string };

interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'failure' | 'warning' | 'notice';
  title: string;
  message: string;
  raw_details: string;
}

/** `fail-on` over the open findings, as `conclude` judges the step. */
export function checkConclusion(
  openFindings: { severity: Severity }[],
  failOn: FailOn,
  { unsuccessfulWorkers = 0, cancelled = false }: { unsuccessfulWorkers?: number; cancelled?: boolean } = {},
): CheckConclusion {
  if (cancelled) return 'cancelled';
  if (failOn === 'never') return 'success';
  if (unsuccessfulWorkers > 0) return 'failure';
  if (failOn === 'error') return 'success';
  const atOrAbove = SEVERITIES.slice(0, SEVERITIES.indexOf(failOn) + 1);
  return openFindings.some((f) => atOrAbove.includes(f.severity)) ? 'failure' : 'success';
}

/** "codex-swarm: 2 open findings (1 high, 1 low)" or "codex-swarm: no open findings". */
export function checkTitle(openFindings: { severity: Severity }[]): string {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, openFindings.filter((f) => f.severity === s).length])) as Record<Severity, number>;
  const n = openFindings.length;
  return n === 0 ? 'codex-swarm: no open findings' : `codex-swarm: ${n} open finding${n === 1 ? '' : 's'} (${describeCounts(counts)})`;
}

export function checkAnnotations(findings: ReviewFinding[]): CheckAnnotation[] {
  const rank = (s: Severity) => SEVERITIES.indexOf(s);
  return [...findings]
    .filter((f) => f.placement !== 'unplaced' && f.file.trim() !== '')
    .sort((a, b) => rank(a.severity) - rank(b.severity))
    .map((f) => {
      const level = annotationLevel(f.severity);
      return {
        path: f.file,
        start_line: f.line ?? 1,
        end_line: f.line ?? 1,
        annotation_level: level === 'error' ? 'failure' : level,
        title: plainLine(`${f.severity}: ${f.title}`, 255),
        message: plainLine(f.detail.trim() || f.title, 4000),
        raw_details: `found by ${f.workers.join(', ')}`,
      };
    });
}

/** The report as the summary: whole when it fits, else cut at a line with a note. */
export function checkSummary(report: string, extra = ''): string {
  const text = `${report}${extra}`;
  const chars = Array.from(text);
  if (chars.length <= CHECK_SUMMARY_MAX_CHARS) return text;
  const note = '\n\n> ✂️ Cut to fit in a check run; the whole report is in the job summary and the run artifact.\n';
  const kept = chars.slice(0, CHECK_SUMMARY_MAX_CHARS - note.length).join('');
  const end = kept.lastIndexOf('\n');
  return `${end > 0 ? kept.slice(0, end) : kept}${note}`;
}

export async function publishCheckRun(o: CheckRunOptions): Promise<CheckRunResult> {
  const annotations = checkAnnotations(o.findings);
  const batches: CheckAnnotation[][] = [];
  for (let i = 0; i < annotations.length; i += ANNOTATIONS_PER_REQUEST) batches.push(annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
  const conclusion = checkConclusion(o.openFindings, o.failOn, o);
  const notAnnotated = o.findings.length - annotations.length;
  const extra = notAnnotated ? `\n\n<sub>${notAnnotated} finding(s) without a place in the checkout are in the report only.</sub>` : '';
  const output = (batch: CheckAnnotation[], more = '') => ({
    title: checkTitle(o.openFindings),
    summary: checkSummary(o.report, extra + more),
    annotations: batch,
  });
  const done = { status: 'completed' as const, conclusion };
  let created: { id: number; url: string };
  try {
    created = await createCheckRun(o, { ...(batches.length <= 1 ? done : { status: 'in_progress' as const }), output: output(batches[0] ?? []) });
  } catch (error) {
    const forbidden = httpStatus(error) === 403 && !/rate limit/i.test(describeError(error));
    const reason = forbidden ? `the token cannot write check runs (it needs \`checks: write\`): ${describeError(error)}` : describeError(error);
    return { published: false, forbidden, reason };
  }
  let sent = batches[0]?.length ?? 0;
  for (let i = 1; i < batches.length; i++) {
    const last = i === batches.length - 1;
    try {
      await patchBatch(o, created.id, sent, { ...(last ? done : {}), output: output(batches[i]) });
      sent += batches[i].length;
    } catch (error) {
      // Never leave the check in progress: a required check would block the merge for good.
      const more = `\n\n<sub>${annotations.length - sent} annotation(s) could not be added: ${plainLine(describeError(error), 300)}</sub>`;
      const closed = await updateCheckRun(o, created.id, { ...done, output: output([], more) }).then(
        () => true,
        () => false,
      );
      if (!closed) return { published: false, forbidden: false, reason: `check run ${created.id} was left in progress: ${describeError(error)}` };
      break;
    }
  }
  return { published: true, id: created.id, url: created.url, conclusion, annotations: sent, notAnnotated: o.findings.length - sent };
}

interface CheckOutput {
  title: string;
  summary: string;
  annotations: CheckAnnotation[];
}
interface RunFields {
  status?: 'in_progress' | 'completed';
  conclusion?: CheckConclusion;
  output: CheckOutput;
}

async function createCheckRun(o: CheckRunOptions, fields: RunFields): Promise<{ id: number; url: string }> {
  const { octokit, owner, repo } = o;
  const name = o.name ?? CHECK_RUN_NAME;
  return createOnce({
    create: async () => {
      const { data } = await octokit.rest.checks.create({
        owner,
        repo,
        name,
        head_sha: o.headSha,
        external_id: o.externalId,
        ...(o.detailsUrl ? { details_url: o.detailsUrl } : {}),
        ...fields,
        request: NO_RETRIES,
      });
      return { id: data.id, url: data.html_url ?? '' };
    },
    find: async () => {
      const { data } = await octokit.rest.checks.listForRef({ owner, repo, ref: o.headSha, check_name: name, filter: 'all', per_page: 100 });
      const mine = data.check_runs.find((r) => r.external_id === o.externalId);
      return mine ? { id: mine.id, url: mine.html_url ?? '' } : null;
    },
  });
}

function updateCheckRun(o: CheckRunOptions, id: number, fields: Partial<RunFields>, request = {}) {
  return o.octokit.rest.checks.update({ owner: o.owner, repo: o.repo, check_run_id: id, ...fields, request });
}

/** One batch of annotations; a 5xx may have landed, so the run's count decides whether to send it again. */
async function patchBatch(o: CheckRunOptions, id: number, before: number, fields: RunFields) {
  try {
    await updateCheckRun(o, id, fields, NO_RETRIES);
  } catch (error) {
    const status = httpStatus(error);
    if (status !== undefined && status < 500) throw error;
    const { data } = await o.octokit.rest.checks.get({ owner: o.owner, repo: o.repo, check_run_id: id });
    if ((data.output.annotations_count ?? 0) >= before + fields.output.annotations.length) return;
    await updateCheckRun(o, id, fields, NO_RETRIES);
  }
}
