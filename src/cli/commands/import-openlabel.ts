/**
 * `import-openlabel <file.json> --out scene.json`: import an ASAM OpenLABEL 1.0 file into a scene
 * document (temporary name; to be folded into `import`). Malformed input: the file, JSON paths and
 * problems on stderr, exit 1, nothing written. Prints {out, objects, annotations, warnings}.
 */
import { readFileSync } from 'node:fs';
import { importOpenLabelText, OpenLabelImportError } from '../../core/formats/openlabel';
import { serializeScene } from '../../core/schema';
import { CliError, flagString, parseArgs, printJson, writeFileAtomic, type CliCommand } from '../io';

export const command: CliCommand = {
  summary: 'Import an ASAM OpenLABEL 1.0 file into a Crosslabel scene',
  usage: 'crosslabel import-openlabel <file.json> --out scene.json\n  prints {out, objects, annotations, ignoreRegions, warnings}',
  async run(args) {
    const { positionals, flags } = parseArgs(args);
    const out = flagString(flags, 'out');
    if (positionals.length !== 1 || !out) throw new CliError(`usage: ${this.usage}`, 2);
    const path = positionals[0];
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      throw new CliError(`${path}: cannot read (${(e as Error).message})`);
    }
    try {
      const { scene, warnings } = importOpenLabelText(text, path);
      writeFileAtomic(out, serializeScene(scene));
      printJson({ out, objects: Object.keys(scene.objects).length, annotations: Object.keys(scene.annotations).length, ignoreRegions: scene.ignoreRegions.length, warnings });
      return 0;
    } catch (e) {
      if (e instanceof OpenLabelImportError) throw new CliError(e.message);
      throw e;
    }
  },
};
