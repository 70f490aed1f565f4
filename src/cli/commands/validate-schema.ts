/**
 * `validate-schema <scene.json>`: check a scene document against the schema (after migration).
 * Prints {file, valid, errors: [{path, message}]} on stdout, paths as JSON paths (`$.annotations["lidar/0"].a1.size.l`).
 * Exit 0 valid, 1 schema errors, 2 unreadable file or invalid JSON.
 */
import { readFileSync } from 'node:fs';
import { validateScene, type SchemaIssue } from '../../core/schema';
import { CliError, info, parseArgs, printJson, type CliCommand } from '../io';

export const command: CliCommand = {
  summary: 'Validate a scene document against the schema; errors with their JSON path',
  usage: 'crosslabel validate-schema <scene.json>\n  prints {file, valid, errors: [{path, message}]}; exit 1 when invalid, 2 when unreadable or not JSON',
  async run(args) {
    const { positionals } = parseArgs(args);
    if (positionals.length !== 1) throw new CliError(`usage: ${this.usage}`, 2);
    const file = positionals[0];
    const fail = (errors: SchemaIssue[], code: number): number => {
      printJson({ file, valid: false, errors });
      for (const e of errors.slice(0, 20)) info(`${file}: ${e.path}: ${e.message}`);
      if (errors.length > 20) info(`${file}: … ${errors.length - 20} more`);
      return code;
    };
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      return fail([{ path: '$', message: `cannot read file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }], 2);
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      return fail([{ path: '$', message: `invalid JSON: ${(e as Error).message}` }], 2);
    }
    const r = validateScene(value);
    if (!r.ok) return fail(r.issues, 1);
    printJson({ file, valid: true, errors: [] });
    return 0;
  },
};
