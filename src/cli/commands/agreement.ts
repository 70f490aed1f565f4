/**
 * `agreement <a.json> <b.json> [--json] [--box-iou 0.5] [--centre-m 2] [--consistency-iou 0.5]`:
 * reviewer agreement between two annotators' versions of the same scene — objects matched by
 * geometry, Cohen's kappa on the matched objects' classes, cross-modal (box ↔ projected cuboid)
 * agreement (see src/core/qa/agreement).
 * Output: with --json, {fileA, fileB, matched, unmatchedA, unmatchedB, kappa, observed, expected,
 * labels, confusion, crossModal} on stdout; otherwise a summary on stderr.
 * Exit 0 on success, 1 when the scenes cannot be compared, 2 for usage errors or an unreadable / invalid
 * scene (the message names the file and the JSON path).
 */
import { compareAnnotators, type AgreementOptions } from '../../core/qa/agreement';
import { CliError, EXIT, readSceneFile, flagString, info, parseArgs, printJson, usageError, type CliCommand } from '../io';

const USAGE = `crosslabel agreement <a.json> <b.json> [--json] [--box-iou 0.5] [--centre-m 2] [--consistency-iou 0.5]
  matches two annotators' objects by geometry; prints Cohen's kappa on their classes and cross-modal agreement`;


function numberFlag(flags: Record<string, string | true>, name: string, min: number, max: number): number | undefined {
  const raw = flagString(flags, name);
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < min || v > max) throw usageError(`--${name} must be a number in [${min}, ${max}] (got "${raw}")`);
  return v;
}

const pct = (x: number | null): string => (x === null ? 'n/a' : `${(100 * x).toFixed(1)}%`);

export const command: CliCommand = {
  summary: "Reviewer agreement of two annotators' scenes: matching, Cohen's kappa, cross-modal agreement",
  usage: USAGE,
  async run(args) {
    const { positionals, flags } = parseArgs(args, ['json'], ['box-iou', 'centre-m', 'consistency-iou']);
    if (positionals.length !== 2) throw usageError(`usage: ${USAGE}`);
    const options: AgreementOptions = {
      boxIou: numberFlag(flags, 'box-iou', 0, 1),
      cuboidCentreM: numberFlag(flags, 'centre-m', 0, Number.MAX_VALUE),
      consistencyIou: numberFlag(flags, 'consistency-iou', 0, 1),
    };
    for (const k of Object.keys(options) as (keyof AgreementOptions)[]) if (options[k] === undefined) delete options[k];
    const [fileA, fileB] = positionals;
    const a = readSceneFile(fileA);
    const b = readSceneFile(fileB);
    let report;
    try {
      report = compareAnnotators(a, b, options);
    } catch (e) {
      throw new CliError(`${fileA}: cannot compare with ${fileB}: ${(e as Error).message}`, EXIT.failed);
    }
    if (flags.json === true) printJson({ fileA, fileB, ...report });
    else {
      const cm = report.crossModal;
      info(`${report.matched.length} matched object(s), ${report.unmatchedA.length} only in ${fileA}, ${report.unmatchedB.length} only in ${fileB}`);
      for (const p of report.matched) if (p.classA !== p.classB) info(`  class differs: ${p.a} ${p.classA} ↔ ${p.b} ${p.classB}`);
      info(`Cohen's kappa ${report.kappa === null ? 'undefined' : report.kappa.toFixed(3)} (observed ${pct(report.observed)}, expected ${pct(report.expected)})`);
      info(`cross-modal: ${cm.pairs} pair(s), agreement ${pct(cm.agreement)}, consistency A ${pct(cm.consistencyA)}, B ${pct(cm.consistencyB)}, mean |ΔIoU| ${cm.meanAbsIouDiff === null ? 'n/a' : cm.meanAbsIouDiff.toFixed(3)}`);
    }
    return 0;
  },
};
