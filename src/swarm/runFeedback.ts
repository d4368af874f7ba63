/**
 * What maintainers' verdicts did in one run on a pull request, as results.json records it under
 * `feedback`: the verdicts applied, those new since the last run, and the findings they kept out.
 */
import { z } from 'zod';
import { findingVerdictSchema } from '../github/findingVerdict.js';

/** What maintainers' feedback did in a run on a pull request (`feedback: learn`). */
export const runFeedbackSchema = z.object({
  /** Every verdict on the PR's findings the run applied: the state block's, with this run's reading merged in. */
  verdicts: z.array(findingVerdictSchema),
  /** The `findingKey`s of the verdicts this run took in: new or changed since the last run. */
  taken: z.array(z.string()),
  /** Findings the run did not count or post because a maintainer dismissed them on this PR. */
  dismissed: z.array(
    z.object({ findingKey: z.string(), file: z.string(), line: z.number().int().nullable(), title: z.string(), workers: z.array(z.string()) }),
  ),
  /** Findings held back from the inline review: like one a maintainer dismissed on another PR. */
  heldBack: z.array(
    z.object({
      fingerprint: z.string(),
      file: z.string(),
      line: z.number().int().nullable(),
      title: z.string(),
      like: z.object({ key: z.string(), pr: z.number().int(), by: z.string(), reason: z.string(), score: z.number() }),
    }),
  ),
});
export type RunFeedback = z.infer<typeof runFeedbackSchema>;
