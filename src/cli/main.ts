/**
 * Crosslabel CLI: the same core, headless. `npm run -s cli -- <command> [args]`.
 * Each command lives in src/cli/commands/<name>.ts and exports `command: CliCommand`.
 * Failures are printed by errors.ts's renderError: one form, one exit-code convention (README.md).
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { takeLimitsFlag, type CliCommand } from './io';
import { renderError, usageError } from './errors';

const EXIT_CODES = `Exit codes: 0 ok; 1 findings (validate, validate-schema, sync) or a failed operation;
  2 bad usage (unknown command or option, missing argument) or unreadable input (missing file,
  not UTF-8, not parseable, invalid scene).
Errors on stderr: "<file>: <line N or JSON path>: <problem>", or "cli: <problem>" for usage.`;

const here = dirname(fileURLToPath(import.meta.url));
const commandsDir = join(here, 'commands');

const available = (): string[] =>
  readdirSync(commandsDir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();

async function load(name: string): Promise<CliCommand> {
  if (!available().includes(name)) throw usageError(`unknown command "${name}" (commands: ${available().join(', ')}; crosslabel --help)`);
  const mod = (await import(join(commandsDir, `${name}.ts`))) as { command: CliCommand };
  return mod.command;
}

async function main(args: string[]): Promise<number> {
  // --limits applies to every command's reads, so it is taken out before a command parses its options
  const [name, ...rest] = takeLimitsFlag(args);
  if (!name || name === '--help' || name === 'help') {
    const lines = await Promise.all(available().map(async (n) => `  ${n.padEnd(16)} ${(await load(n)).summary}`));
    process.stderr.write(`crosslabel <command> [args]    (crosslabel <command> --help for its usage)\n\nCommands:\n${lines.join('\n')}\n\n${EXIT_CODES}\n`);
    return name ? 0 : 2;
  }
  const cmd = await load(name);
  if (rest.includes('--help')) {
    process.stderr.write(`${cmd.usage}\n\n${EXIT_CODES}\n`);
    return 0;
  }
  return cmd.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    const { text, exitCode } = renderError(e);
    process.stderr.write(text);
    process.exitCode = exitCode;
  },
);
