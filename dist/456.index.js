export const id = 456;
export const ids = [456];
export const modules = {

/***/ 456:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runScaleMode: () => (/* binding */ runScaleMode)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
// EXTERNAL MODULE: ./src/github/pullRequest.ts
var pullRequest = __webpack_require__(59575);
// EXTERNAL MODULE: ./src/plan/instructions.ts
var plan_instructions = __webpack_require__(49102);
// EXTERNAL MODULE: ./src/publish/stickyState.ts
var stickyState = __webpack_require__(23251);
// EXTERNAL MODULE: ./src/action/reviewFlow.ts + 6 modules
var reviewFlow = __webpack_require__(82038);
// EXTERNAL MODULE: ./src/memory/cache.ts
var cache = __webpack_require__(68485);
// EXTERNAL MODULE: ./src/memory/persist.ts
var persist = __webpack_require__(55615);
// EXTERNAL MODULE: ./src/plan/buildPlan.ts + 1 modules
var buildPlan = __webpack_require__(83573);
;// CONCATENATED MODULE: ./src/plan/matrix.ts
/** GitHub runs at most 256 jobs from one matrix. */
const MAX_MATRIX_JOBS = 256;
/** Each job's worker ids, jobs numbered from 1 in the order returned. */
function planJobs(plan, workersPerJob) {
    const groups = dependencyGroups(plan);
    const jobs = [];
    for (const group of groups) {
        const last = jobs.at(-1);
        if (last && last.length + group.length <= workersPerJob)
            last.push(...group);
        else
            jobs.push([...group]);
    }
    return jobs;
}
/** The `matrix` output: `{"shard":[1,2,…]}`, ready for `fromJSON` in `strategy.matrix`. */
function matrixOutput(jobCount) {
    return JSON.stringify({ shard: Array.from({ length: jobCount }, (_, i) => i + 1) });
}
/** Workers joined by dependencies (either way), each group in plan order, groups by their first worker. */
function dependencyGroups(plan) {
    const parent = new Map(plan.workers.map((w) => [w.id, w.id]));
    const find = (id) => {
        let root = id;
        while (parent.get(root) !== root)
            root = parent.get(root);
        parent.set(id, root);
        return root;
    };
    for (const w of plan.workers)
        for (const d of w.dependsOn)
            parent.set(find(d), find(w.id));
    const groups = new Map();
    for (const w of plan.workers) {
        const root = find(w.id);
        if (!groups.has(root))
            groups.set(root, []);
        groups.get(root).push(w.id);
    }
    return [...groups.values()];
}

// EXTERNAL MODULE: ./src/publish/artifact.ts
var artifact = __webpack_require__(67625);
// EXTERNAL MODULE: ./src/publish/markers.ts
var markers = __webpack_require__(37848);
// EXTERNAL MODULE: ./node_modules/@actions/artifact/lib/artifact.js + 85 modules
var lib_artifact = __webpack_require__(62037);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 4 modules
var schemas = __webpack_require__(41514);
// EXTERNAL MODULE: ./src/util/redact.ts
var redact = __webpack_require__(50767);
;// CONCATENATED MODULE: ./src/publish/scaleArtifacts.ts
/**
 * The artifacts that carry a run across the jobs of a matrix (`mode: plan | work | aggregate`):
 * the plan, uploaded once by the plan job, and one shard artifact per work job. Jobs of one
 * workflow run share its artifacts, so `@actions/artifact` needs no `findBy` here.
 */







const SCALE_PLAN_FILE = 'scale-plan.json';
const planArtifactName = (runId, attempt) => `codex-swarm-plan-${runId}-${attempt}`;
const shardArtifactName = (runId, attempt, job) => `codex-swarm-shard-${runId}-${attempt}-${job}`;
const scalePlanSchema = schemas/* object */.Ikc({
    version: schemas/* literal */.euz(1),
    plan: schemas/* object */.Ikc({ command: schemas/* string */.YjP(), task: schemas/* string */.YjP(), fileSource: schemas/* string */.YjP(), fileCount: schemas/* number */.aig(), workers: schemas/* array */.YOg(schemas/* unknown */.L5J()) }).passthrough(),
    jobs: schemas/* array */.YOg(schemas/* array */.YOg(schemas/* string */.YjP())),
    startedAt: schemas/* string */.YjP(),
    review: schemas/* object */.Ikc({ previous: schemas/* object */.Ikc({ state: schemas/* unknown */.L5J(), note: schemas/* string */.YjP().nullable() }), scope: schemas/* unknown */.L5J() }).nullable(),
});
async function uploadScalePlan(dir, name, scale) {
    await external_node_fs_.promises.mkdir(dir, { recursive: true });
    await external_node_fs_.promises.writeFile(external_node_path_default().join(dir, SCALE_PLAN_FILE), JSON.stringify(scale));
    return (0,artifact/* uploadRunArtifact */.n)({ runDir: dir, name });
}
/**
 * Downloads artifact `name` of this run into `dest`; null when the run has no artifact of that
 * name. Other failures (the service is down) throw with the reason.
 */
async function downloadRunArtifact(name, dest) {
    const client = new lib_artifact/* DefaultArtifactClient */.t9();
    // listArtifacts rather than getArtifact: a missing name is an empty list, not an error to tell apart.
    const { artifacts } = await client.listArtifacts({ latest: true });
    const found = artifacts.find((a) => a.name === name);
    if (!found)
        return null;
    await external_node_fs_.promises.mkdir(dest, { recursive: true });
    await client.downloadArtifact(found.id, { path: dest });
    return dest;
}
/** The plan job's plan, checked; null when this run has no plan artifact. */
async function downloadScalePlan(name, dest) {
    const dir = await downloadRunArtifact(name, dest);
    if (!dir)
        return null;
    let raw;
    try {
        raw = JSON.parse(await external_node_fs_.promises.readFile(external_node_path_default().join(dir, SCALE_PLAN_FILE), 'utf8'));
    }
    catch (err) {
        throw new Error(`the plan artifact ${name} holds no readable ${SCALE_PLAN_FILE}: ${(0,redact/* redact */.E$)(err.message)}`, { cause: err });
    }
    const parsed = scalePlanSchema.safeParse(raw);
    if (!parsed.success)
        throw new Error(`the plan artifact ${name} is not a codex-swarm plan (version 1): ${parsed.error.issues[0]?.message}`);
    const scale = parsed.data;
    (0,buildPlan/* validatePlan */.Oo)(scale.plan);
    return scale;
}

// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(58500);
// EXTERNAL MODULE: ./src/publish/githubBody.ts
var githubBody = __webpack_require__(70672);
// EXTERNAL MODULE: ./src/publish/report.ts
var report = __webpack_require__(24585);
// EXTERNAL MODULE: ./src/publish/stickyComment.ts
var stickyComment = __webpack_require__(16355);
;// CONCATENATED MODULE: ./src/publish/sharedProgress.ts
/**
 * The sticky comment of a matrix run, written by several jobs at once. Each writer keeps every
 * worker's state in a hidden block of the comment; before a write it re-reads the comment and
 * merges the states there with its own, so parallel jobs' edits never undo each other, and after
 * the write it reads back and retries if another job's write raced it away.
 */





const BLOCK = /<!-- codex-swarm:progress ([A-Za-z0-9_-]*) -->/;
const ATTEMPTS = 8;
/** How long another job's racing write may take to land, at the least. */
const SETTLE_MS = 400;
/** The worker states a comment's hidden block holds; none when it has no readable block. */
function readProgress(body) {
    const match = BLOCK.exec(body);
    if (!match)
        return [];
    try {
        const parsed = JSON.parse(Buffer.from(match[1], 'base64url').toString('utf8'));
        return Array.isArray(parsed) ? parsed : [];
    }
    catch {
        return [];
    }
}
function progressBlock(states) {
    return `<!-- codex-swarm:progress ${Buffer.from(JSON.stringify(states)).toString('base64url')} -->`;
}
/** A later state of a worker wins: queued < running < ended. */
const RANK = (s) => (s.state === 'queued' ? 0 : s.state === 'running' ? 1 : 2);
function mergeProgress(theirs, mine) {
    const merged = new Map(theirs.map((s) => [s.id, s]));
    for (const s of mine) {
        const there = merged.get(s.id);
        if (!there || RANK(s) >= RANK(there))
            merged.set(s.id, s);
    }
    return [...merged.values()];
}
/** `after`: what else the comment keeps while the run goes on (the previous run's state block). */
function renderSharedProgress(plan, states, links, after = '') {
    return `${(0,report/* renderLiveReport */.BW)({ plan, states, links })}\n${progressBlock(states)}\n${after}`;
}
/**
 * Writes `mine` into the sticky comment, merged with what other jobs wrote. Warns (never throws)
 * when the comment cannot be written.
 */
async function writeSharedProgress(target, plan, mine, links, after = '') {
    const ids = new Set(mine.map((s) => s.id));
    const own = (states) => JSON.stringify(states.filter((s) => ids.has(s.id)).sort((a, b) => a.id.localeCompare(b.id)));
    const wanted = own(mine);
    try {
        for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
            const found = await (0,stickyComment/* findStickyComment */.oC)(target);
            const states = mergeProgress(found ? readProgress(found.body) : [], mine);
            const written = await (0,stickyComment/* upsertStickyComment */.qD)({ ...target, body: renderSharedProgress(plan, states, links, after) });
            const holds = async () => {
                const back = await (0,stickyComment/* findStickyComment */.oC)(target);
                return back !== null && own(readProgress(back.body)) === wanted;
            };
            // Read back at once, and once more a moment later: a job that read the comment before our
            // write may still write over it (GitHub has no compare-and-set on comments).
            if ((await holds()) && (await (0,promises_.setTimeout)(SETTLE_MS + Math.floor(Math.random() * SETTLE_MS)), await holds()))
                return { id: written.id, url: written.url };
            // Another job wrote in between: wait a little, differently each time, and merge again.
            await (0,promises_.setTimeout)(100 + Math.floor(Math.random() * 400) * attempt);
        }
        core/* warning */.$e(`codex-swarm: the comment on #${target.issueNumber} kept changing under this job; its rows may be stale until the aggregate job writes the report.`);
    }
    catch (error) {
        core/* warning */.$e(`codex-swarm: could not update the comment on #${target.issueNumber}: ${(0,githubBody/* describeError */.Uc)(error)}`);
    }
    return null;
}

// EXTERNAL MODULE: ./src/run/lifecycle.ts
var lifecycle = __webpack_require__(76513);
// EXTERNAL MODULE: ./src/swarm/log.ts + 1 modules
var log = __webpack_require__(16277);
// EXTERNAL MODULE: ./src/workers/types.ts
var types = __webpack_require__(45174);
// EXTERNAL MODULE: ./src/swarm/results.ts
var swarm_results = __webpack_require__(61034);
// EXTERNAL MODULE: ./src/swarm/runSwarm.ts + 8 modules
var runSwarm = __webpack_require__(13255);
;// CONCATENATED MODULE: ./src/swarm/mergeShards.ts
/**
 * The aggregate of a matrix run: every work job's shard folder (its results.json, worker folders
 * and patches) merged into one run folder and one outcome, in plan order. A job whose shard never
 * arrived shows each of its workers as `lost`, never as missing; patches merge 3-way in plan order.
 */






async function mergeShards(o) {
    await external_node_fs_.promises.mkdir(external_node_path_default().join(o.runDir, 'workers'), { recursive: true });
    const byId = new Map();
    const lostWhy = new Map();
    let cancelled = false;
    for (const [i, ids] of o.jobs.entries()) {
        const job = i + 1;
        const dir = o.shardDirs.get(job) ?? null;
        let why = `work job ${job} uploaded no results (skipped, cancelled or failed before its upload)`;
        if (dir) {
            try {
                const shard = await (0,swarm_results/* readResultsFile */.B9)(external_node_path_default().join(dir, 'results.json'));
                cancelled ||= shard.cancelled;
                for (const r of shard.results)
                    if (ids.includes(r.id))
                        byId.set(r.id, r);
                await copyWorkerFolders(dir, o.runDir, ids);
                why = `work job ${job}'s results did not include it`;
            }
            catch (err) {
                why = `work job ${job}'s results could not be read: ${(0,redact/* redact */.E$)(err.message)}`;
            }
        }
        for (const id of ids)
            lostWhy.set(id, why);
    }
    const results = o.plan.workers.map((spec) => byId.get(spec.id) ?? lostResult(spec, lostWhy.get(spec.id) ?? 'no work job ran it'));
    const merge = await mergeInPlanOrder(o, results);
    const outcome = {
        runId: o.runId,
        plan: o.plan,
        startedAt: o.startedAt,
        durationMs: Math.max(0, Date.now() - Date.parse(o.startedAt)),
        results,
        merge,
        cancelled,
        resultsFile: external_node_path_default().join(o.runDir, 'results.json'),
    };
    await (0,swarm_results/* writeResultsFile */.At)(outcome);
    return outcome;
}
function lostResult(spec, why) {
    return (0,types/* blankResult */.mE)(spec, { status: 'lost', error: `lost: ${why}` });
}
/** Only the job's own workers' folders, so a stray folder cannot stand in for another job's worker. */
async function copyWorkerFolders(shardDir, runDir, ids) {
    for (const id of ids) {
        const from = external_node_path_default().join(shardDir, 'workers', id);
        const exists = await external_node_fs_.promises.stat(from).then((s) => s.isDirectory(), () => false);
        if (exists)
            await external_node_fs_.promises.cp(from, external_node_path_default().join(runDir, 'workers', id), { recursive: true });
    }
}
async function mergeInPlanOrder(o, results) {
    await external_node_fs_.promises.mkdir(o.scratchDir, { recursive: true });
    try {
        return await (0,runSwarm/* mergeWriters */.V)({ repoDir: o.repoDir, runDir: o.runDir, scratchDir: o.scratchDir, applyPatches: false }, results);
    }
    finally {
        await external_node_fs_.promises.rm(o.scratchDir, { recursive: true, force: true }).catch(() => undefined);
    }
}

// EXTERNAL MODULE: ./src/swarm/state.ts
var swarm_state = __webpack_require__(88445);
// EXTERNAL MODULE: ./src/workers/codexArgs.ts
var codexArgs = __webpack_require__(25641);
// EXTERNAL MODULE: ./src/workers/resolveCodex.ts
var resolveCodex = __webpack_require__(88880);
// EXTERNAL MODULE: ./src/action/outputs.ts
var outputs = __webpack_require__(18948);
// EXTERNAL MODULE: ./src/action/recipeParts.ts + 1 modules
var recipeParts = __webpack_require__(43237);
// EXTERNAL MODULE: ./src/action/run.ts + 20 modules
var run = __webpack_require__(62211);
;// CONCATENATED MODULE: ./src/action/scaleModes.ts
/**
 * One run spread over a job matrix: `mode: plan` plans, writes the comment with every worker
 * queued and uploads the plan; `mode: work` runs one job's workers through the run lifecycle and
 * uploads its shard; `mode: aggregate` merges the shards and publishes exactly as a one-job run
 * does. Pieces missing or in the wrong order fail with one error naming what is missing.
 */


























async function runScaleMode(a) {
    if (a.inputs.mode === 'plan')
        return planJob(a);
    // Work and aggregate jobs fail on their own step; the plan job already answered the comment.
    const fail = (message) => {
        (0,outputs/* setOutputs */.n)({ conclusion: 'failure' });
        core/* setFailed */.C1((0,redact/* redact */.E$)(message));
        return Promise.resolve();
    };
    return runMatrixJob({ ...a, fail });
}
async function planJob(a) {
    // A `code` task plans as it goes (a planner worker, then its coders): one job runs it.
    if (a.decision.command === 'code')
        return a.refuse('code runs in one job (mode: all): its coders are planned by a worker while it runs, which a matrix fixed in advance cannot hold.');
    let plan;
    let review = null;
    try {
        const pr = a.decision.prNumber ? await (0,pullRequest/* getPullRequestContext */.A)(a.octokit, { owner: a.ctx.owner, repo: a.ctx.repo, number: a.decision.prNumber }) : null;
        let files;
        if (pr) {
            // Read before this job rewrites the comment: the aggregate reviews against it.
            const previous = await (0,reviewFlow/* loadStickyState */.r)({ octokit: a.octokit, owner: a.ctx.owner, repo: a.ctx.repo, prNumber: pr.number });
            const scope = await (0,reviewFlow/* scopeReviewFiles */.QU)({ inputs: a.inputs, decision: a.decision, pr, state: previous.state, repoDir: a.ctx.workspace });
            files = scope.files;
            review = { previous, scope: { files: scope.files, description: scope.description, reviewed: scope.reviewed ? [...scope.reviewed] : null } };
        }
        plan = (await (0,run/* planFor */.bJ)({ ...a, pr, files, approved: undefined })).plan;
    }
    catch (err) {
        if (err instanceof buildPlan/* PlanError */.W6)
            return a.refuse(err.message);
        throw err;
    }
    (0,run/* logPlan */.uH)(plan);
    return runPlanJob({ ...a, plan, review, fail: a.refuse });
}
/** The previous run's state block, kept at the end of the comment while the matrix runs. */
const stateBlockOf = (scale) => (scale.review ? (0,stickyState/* renderStickyState */.Hg)(scale.review.previous.state) : '');
const runKeyOf = (a) => `${a.ctx.runId}-${a.ctx.runAttempt}`;
const baseDir = (a) => external_node_path_default().join(a.ctx.tempDir, 'codex-swarm');
/** `mode: plan`: no model call, no codex install. */
async function runPlanJob(a) {
    const startedAt = new Date().toISOString();
    const jobs = planJobs(a.plan, a.inputs['workers-per-job']);
    if (jobs.length > MAX_MATRIX_JOBS) {
        return a.fail(`the plan has ${jobs.length} work jobs but a matrix runs at most ${MAX_MATRIX_JOBS}: raise workers-per-job to ${Math.ceil(a.plan.workers.length / MAX_MATRIX_JOBS)} or more, or narrow paths.`);
    }
    core/* info */.pq(`codex-swarm: mode plan: ${jobs.length} work job(s) of at most ${a.inputs['workers-per-job']} workers: ${jobs.map((ids, i) => `${i + 1}: ${ids.join(', ')}`).join('; ')}`);
    const runKey = runKeyOf(a);
    const scale = { version: 1, plan: a.plan, jobs, startedAt, review: a.review };
    const uploaded = await uploadScalePlan(external_node_path_default().join(baseDir(a), 'plan', runKey), planArtifactName(a.ctx.runId, a.ctx.runAttempt), scale);
    if ('error' in uploaded)
        return a.fail(`mode plan: the plan could not be uploaded, so no work job could run: ${uploaded.error}`);
    let commentOut = null;
    if (a.inputs.comment === 'sticky' && a.decision.prNumber) {
        const state = new swarm_state/* SwarmState */.k();
        state.reset(a.plan.workers);
        const states = state.snapshot();
        const body = renderSharedProgress(a.plan, states, { runUrl: a.ctx.runUrl }, stateBlockOf(scale));
        commentOut = await (0,stickyComment/* upsertStickyComment */.qD)({
            octokit: a.octokit,
            owner: a.ctx.owner,
            repo: a.ctx.repo,
            issueNumber: a.decision.prNumber,
            selfLogin: markers/* ACTIONS_BOT_LOGIN */.yQ,
            body,
        }).catch((err) => {
            core/* warning */.$e(`codex-swarm: could not write the comment on #${a.decision.prNumber}: ${(0,redact/* redact */.E$)(err.message)}`);
            return null;
        });
    }
    (0,outputs/* setOutputs */.n)({
        conclusion: 'success',
        matrix: matrixOutput(jobs.length),
        jobs: String(jobs.length),
        ...(commentOut ? { 'comment-id': String(commentOut.id), 'comment-url': commentOut.url } : {}),
    });
}
/** `mode: work` and `mode: aggregate`: both start from the plan job's artifact. */
async function runMatrixJob(a) {
    const mode = a.inputs.mode;
    const runKey = runKeyOf(a);
    const name = planArtifactName(a.ctx.runId, a.ctx.runAttempt);
    let scale;
    try {
        scale = await downloadScalePlan(name, external_node_path_default().join(baseDir(a), 'plan-in', runKey));
    }
    catch (err) {
        return a.fail(`mode ${mode}: could not read the plan artifact ${name}: ${(0,redact/* redact */.E$)(err.message)}`);
    }
    if (!scale) {
        return a.fail(`mode ${mode}: this workflow run has no plan artifact (${name}). Run a job with mode: plan first, and give this job \`needs:\` on it.`);
    }
    return mode === 'work' ? workJob(a, scale) : aggregateJob(a, scale);
}
async function workJob(a, scale) {
    const job = a.inputs.shard;
    if (job === undefined)
        return a.fail('mode work needs `shard: ${{ matrix.shard }}`: which job of the plan this is.');
    if (job > scale.jobs.length)
        return a.fail(`mode work: shard ${job} is out of range: the plan has ${scale.jobs.length} job(s) (shard 1 to ${scale.jobs.length}).`);
    const ids = new Set(scale.jobs[job - 1]);
    const jobPlan = { ...scale.plan, workers: scale.plan.workers.filter((w) => ids.has(w.id)) };
    const noModel = (0,run/* modelAccessProblem */.HO)(a.inputs, jobPlan);
    if (noModel)
        return a.fail(noModel);
    const runKey = runKeyOf(a);
    const base = baseDir(a);
    const jobKey = `${runKey}-shard-${job}`;
    const runDir = external_node_path_default().join(base, 'runs', jobKey);
    // Memory is read-only for a work job: it restores the cache but never saves it; what the
    // workers learned goes up in the shard artifact for the aggregate job to save once.
    const memoryFile = external_node_path_default().join(base, `memory-${jobKey}.json`);
    // The workers follow the same trusted instructions as a one-job run (a PR's base commit's AGENTS.md).
    const pr = a.decision.prNumber ? await (0,pullRequest/* getPullRequestContext */.A)(a.octokit, { owner: a.ctx.owner, repo: a.ctx.repo, number: a.decision.prNumber }) : null;
    const instructions = await (0,plan_instructions/* resolveInstructions */._5)(a.inputs['project-instructions'], a.ctx.workspace, pr ?? undefined);
    if (instructions.warning)
        core/* warning */.$e(`codex-swarm: ${instructions.warning}`);
    const recipe = {
        runId: runKey,
        repoDir: a.ctx.workspace,
        runDir,
        scratchDir: external_node_path_default().join(base, 'scratch', jobKey),
        plan: () => {
            core/* info */.pq(`codex-swarm: mode work: job ${job} of ${scale.jobs.length}: ${[...ids].join(', ')}`);
            return Promise.resolve(jobPlan);
        },
        planEngine: (plan) => (0,run/* claudeEngineFor */.wT)(a.inputs, plan),
        codex: async () => {
            const codex = await (0,resolveCodex/* resolveCodex */.s)({ version: a.inputs['codex-version'] });
            core/* info */.pq(`codex-swarm: Codex CLI ${codex.version} (${codex.source}).`);
            return codex.path;
        },
        engine: {
            codexArgs: [...(0,codexArgs/* parseCodexArgs */.w)(a.inputs['codex-args']), ...instructions.codexArgs],
            instructions: (0,plan_instructions/* renderInstructionsSection */.Bb)(instructions),
            model: (0,run/* modelEndpoint */.XI)(a.inputs),
            // Per job: each work job's proxy holds its own count.
            budget: { maxTokens: a.inputs['max-tokens'], maxTokensPerWorker: a.inputs['max-tokens-per-worker'] },
            workerTimeoutMs: a.inputs['worker-timeout-minutes'] * 60_000,
            maxParallel: a.inputs['max-parallel'],
            applyPatches: false,
        },
        ...(0,recipeParts/* cachedMemory */.u)(a.inputs, { file: memoryFile, runKey }),
        onSignals: recipeParts/* stopOnSignals */.Z,
    };
    const links = { runUrl: a.ctx.runUrl };
    const target = a.decision.prNumber && a.inputs.comment === 'sticky'
        ? { octokit: a.octokit, owner: a.ctx.owner, repo: a.ctx.repo, issueNumber: a.decision.prNumber }
        : null;
    // One write at a time, always the latest states: parallel jobs merge their rows through the comment.
    let writing = Promise.resolve();
    let queued = false;
    let state = null;
    const showProgress = () => {
        if (!target || !state || queued)
            return;
        queued = true;
        const current = state;
        writing = writing.then(() => {
            queued = false;
            return writeSharedProgress(target, scale.plan, current.snapshot(), links, stateBlockOf(scale));
        });
    };
    const surface = {
        planned: (_plan, s) => {
            state = s;
        },
        hooks: {
            onWorkerStart: (spec) => {
                core/* info */.pq(`▶ ${spec.id} started (${spec.role}, ${spec.files.length} file(s))`);
                showProgress();
            },
            onWorkerEnd: (result) => {
                core/* info */.pq((0,log/* describeWorkerEnd */.J5)(result));
                showProgress();
            },
            onWarning: (message) => core/* warning */.$e(message),
        },
        publish: async (outcome) => {
            await (0,log/* logWorkerGroups */.zG)(outcome);
            showProgress();
            const [uploaded] = await Promise.all([(0,artifact/* uploadRunArtifact */.n)({ runDir, name: shardArtifactName(a.ctx.runId, a.ctx.runAttempt, job) }), writing]);
            if ('error' in uploaded) {
                return a.fail(`mode work: job ${job}'s results could not be uploaded, so the aggregate job will count its workers as lost: ${uploaded.error}`);
            }
            const failed = outcome.results.filter((r) => r.status !== 'succeeded').length;
            core/* info */.pq(`codex-swarm: job ${job}: ${outcome.results.length - failed} of ${outcome.results.length} worker(s) succeeded; the aggregate job publishes the report.`);
            (0,outputs/* setOutputs */.n)({ conclusion: failed ? 'failure' : 'success', 'results-file': outcome.resultsFile, 'artifact-id': String(uploaded.id) });
        },
    };
    await (0,lifecycle/* runLifecycle */.Cf)(recipe, surface);
}
async function aggregateJob(a, scale) {
    const runKey = runKeyOf(a);
    const base = baseDir(a);
    const runDir = external_node_path_default().join(base, 'runs', runKey);
    const shardDirs = new Map();
    for (let job = 1; job <= scale.jobs.length; job++) {
        const name = shardArtifactName(a.ctx.runId, a.ctx.runAttempt, job);
        const dir = await downloadRunArtifact(name, external_node_path_default().join(base, 'shards-in', runKey, String(job))).catch((err) => {
            core/* warning */.$e(`codex-swarm: could not download ${name}: ${(0,redact/* redact */.E$)(err.message)}; its workers count as lost.`);
            return null;
        });
        if (!dir)
            core/* warning */.$e(`codex-swarm: work job ${job} uploaded no results (${name}); its workers (${scale.jobs[job - 1].join(', ')}) count as lost.`);
        shardDirs.set(job, dir);
    }
    const outcome = await mergeShards({
        plan: scale.plan,
        jobs: scale.jobs,
        shardDirs,
        runId: runKey,
        runDir,
        repoDir: a.ctx.workspace,
        scratchDir: external_node_path_default().join(base, 'scratch', `${runKey}-aggregate`),
        startedAt: scale.startedAt,
    });
    for (const r of outcome.results)
        core/* info */.pq((0,log/* describeWorkerEnd */.J5)(r));
    if (a.inputs.memory === 'cache')
        await saveLearnedOnce(a, [...shardDirs.values()].filter((d) => Boolean(d)), runDir);
    const pr = a.decision.prNumber ? await (0,pullRequest/* getPullRequestContext */.A)(a.octokit, { owner: a.ctx.owner, repo: a.ctx.repo, number: a.decision.prNumber }) : null;
    const live = a.inputs.comment === 'sticky' && a.decision.prNumber
        ? (0,stickyComment/* createLiveComment */.Kc)({ octokit: a.octokit, owner: a.ctx.owner, repo: a.ctx.repo, issueNumber: a.decision.prNumber, selfLogin: markers/* ACTIONS_BOT_LOGIN */.yQ })
        : null;
    const instructions = await (0,plan_instructions/* resolveInstructions */._5)(a.inputs['project-instructions'], a.ctx.workspace, pr ?? undefined);
    const scope = scale.review?.scope;
    const review = {
        previous: scale.review?.previous ?? { state: (0,stickyState/* emptyState */.p$)(), note: null },
        scope: scope ? { files: scope.files, description: scope.description, ...(scope.reviewed ? { reviewed: new Set(scope.reviewed) } : {}) } : null,
    };
    const verdict = await (0,run/* publishOutcome */.Cu)({ ...a, pr, outcome, runDir, runKey, live, links: { runUrl: a.ctx.runUrl }, review, instructions, planStage: null });
    if (verdict.failStep)
        core/* setFailed */.C1(verdict.reason);
    else
        core/* info */.pq(`codex-swarm: ${verdict.reason}`);
}
/** Every shard's learned patterns merged into the restored memory, saved to the cache once. */
async function saveLearnedOnce(a, shardDirs, runDir) {
    const scope = a.inputs['memory-key'] || 'default';
    const file = external_node_path_default().join(baseDir(a), 'memory.json');
    await (0,cache/* restoreMemoryCache */.q0)({ scope, file });
    const store = await (0,persist/* loadMemoryFile */.mi)(file, { maxEntries: a.inputs['memory-max-entries'] });
    for (const dir of shardDirs) {
        const learned = external_node_path_default().join(dir, 'memory', 'patterns.json');
        try {
            store.merge(JSON.parse(await external_node_fs_.promises.readFile(learned, 'utf8')));
        }
        catch (err) {
            if (err.code !== 'ENOENT')
                core/* warning */.$e(`memory: ${learned} could not be merged: ${(0,redact/* redact */.E$)(err.message)}`);
        }
    }
    await (0,persist/* exportRunMemory */.zI)(store, runDir).catch((err) => core/* warning */.$e(`memory: could not write the run's memory: ${err.message}`));
    await (0,persist/* saveMemoryFile */.tQ)(file, store);
    await (0,cache/* saveMemoryCache */.fu)({ scope, file, runId: a.ctx.runId, attempt: a.ctx.runAttempt });
}


/***/ })

};
