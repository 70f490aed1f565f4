/**
 * `validate-schema <scene.json>`: check a scene document against the schema (after migration).
 * Prints {file, valid, errors: [{path, message}]} on stdout, paths as JSON paths (`$.annotations["lidar/0"].a1.size.l`).
 * Exit 0 valid, 1 schema errors (findings), 2 bad usage, an unreadable file, not UTF-8 or invalid JSON
 * (then `errors` holds one entry: the place, as `line N`, and the problem). Each error is also
 * printed on stderr as `<file>: <JSON path or line N>: <problem>`.
 */
import { validateScene, type SchemaIssue } from '../../core/schema';
import { CliError, EXIT, info, parseArgs, printJson, usageError, type CliCommand } from '../io';
import { clean } from '../errors';
import { parseJsonText, readTextFile } from '../lib/textInput';

export const command: CliCommand = {
  summary: 'Validate a scene document against the schema; errors with their JSON path',
  usage: 'crosslabel validate-schema <scene.json>\n  prints {file, valid, errors: [{path, message}]}; exit 1 when invalid, 2 when unreadable or not JSON',
  async run(args) {
    const { positionals } = parseArgs(args, [], []);
    if (positionals.length !== 1) throw usageError(`usage: ${this.usage}`);
    const file = positionals[0];
    const fail = (errors: SchemaIssue[], code: number): number => {
      printJson({ file, valid: false, errors });
      for (const e of errors.slice(0, 20)) info(clean(`${file}: ${e.path}: ${e.message}`));
      if (errors.length > 20) info(`${file}: … ${errors.length - 20} more`);
      return code;
    };
    let value: unknown;
    try {
      value = parseJsonText(readTextFile(file, 'a scene is JSON text'), file);
    } catch (e) {
      const line = e instanceof CliError ? e.lines?.[0] : undefined;
      if (!line) throw e;
      return fail([{ path: line.where ?? '$', message: line.problem }], EXIT.input);
    }
    const r = validateScene(value);
    if (!r.ok) return fail(r.issues, EXIT.findings);
    printJson({ file, valid: true, errors: [] });
    return 0;
  },
};
