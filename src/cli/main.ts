/**
 * Crosslabel CLI: the same core, headless. `npm run -s cli -- <command> [args]`.
 * Each command lives in src/cli/commands/<name>.ts and exports `command: CliCommand`.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError, type CliCommand } from './io';

const here = dirname(fileURLToPath(import.meta.url));
const commandsDir = join(here, 'commands');

const available = (): string[] =>
  readdirSync(commandsDir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();

async function load(name: string): Promise<CliCommand> {
  if (!available().includes(name)) throw new CliError(`unknown command "${name}". Commands: ${available().join(', ')}`, 2);
  const mod = (await import(join(commandsDir, `${name}.ts`))) as { command: CliCommand };
  return mod.command;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === 'help') {
    const lines = await Promise.all(available().map(async (n) => `  ${n.padEnd(16)} ${(await load(n)).summary}`));
    process.stderr.write(`crosslabel <command> [args]\n\nCommands:\n${lines.join('\n')}\n`);
    return name ? 0 : 2;
  }
  const cmd = await load(name);
  if (rest.includes('--help')) {
    process.stderr.write(`${cmd.usage}\n`);
    return 0;
  }
  return cmd.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    const err = e as Error;
    process.stderr.write(`error: ${err.message}\n`);
    process.exitCode = e instanceof CliError ? e.exitCode : 1;
  },
);
