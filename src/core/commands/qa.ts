/** QA decisions as commands: waive a finding with a comment (recorded in the document, undoable), or withdraw a waiver. */
import { ReviewRecord, Waiver, type Scene } from '../schema';
import { CommandError, defineCommand } from './command';

export interface WaiveArgs {
  finding: string;
  check: string;
  object?: string;
  comment: string;
  by?: string;
  at?: string;
}

export const waiveFinding = defineCommand<WaiveArgs>({
  type: 'qa/waive',
  label: 'Waive QA finding',
  run(draft: Scene, args) {
    if (!args.comment.trim()) throw new CommandError('a waiver needs a comment saying why the finding is acceptable');
    if (draft.qa.waivers.some((w) => w.finding === args.finding)) throw new CommandError(`finding "${args.finding}" is already waived`);
    const r = Waiver.safeParse({ ...args, comment: args.comment.trim(), at: args.at ?? new Date().toISOString() });
    if (!r.success) throw new CommandError(`invalid waiver: ${r.error.issues.map((i) => i.message).join('; ')}`);
    draft.qa.waivers.push(r.data);
  },
});

export const unwaiveFinding = defineCommand<{ finding: string }>({
  type: 'qa/unwaive',
  label: 'Withdraw QA waiver',
  run(draft: Scene, { finding }) {
    const i = draft.qa.waivers.findIndex((w) => w.finding === finding);
    if (i < 0) throw new CommandError(`finding "${finding}" is not waived`);
    draft.qa.waivers.splice(i, 1);
  },
});

/** A reviewer's decision on an object of a sampled frame (accept / reject / comment), appended to scene.qa.reviews. */
export const recordReview = defineCommand<{ item: string; object?: string; decision: 'accept' | 'reject' | 'comment'; comment?: string; reviewer: string; at?: string }>({
  type: 'qa/review',
  label: 'Record review decision',
  run(draft: Scene, args) {
    const r = ReviewRecord.safeParse({ ...args, at: args.at ?? new Date().toISOString() });
    if (!r.success) throw new CommandError(`invalid review decision: ${r.error.issues.map((i) => i.message).join('; ')}`);
    if (r.data.object && !draft.objects[r.data.object]) throw new CommandError(`object "${r.data.object}" does not exist`);
    draft.qa.reviews.push(r.data);
  },
});
