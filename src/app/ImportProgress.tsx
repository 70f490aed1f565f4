/**
 * The running import in the top bar: which file of how many, bytes read of its size (then
 * "parsing…", one step a worker cannot report inside), a bar, and Cancel. Cancel aborts the import's
 * signal: a worker mid-parse is terminated and the scene stays exactly as it was.
 */
import { formatBytes } from '../core/limits';
import type { ImportProgress } from './importFiles';
import './importProgress.css';

export function describeProgress(p: ImportProgress): string {
  // short: it shares the top bar with every button (the full form is the element's title)
  const which = p.fileCount > 1 ? `${p.fileIndex}/${p.fileCount} ` : '';
  const how = p.phase === 'parsing' ? `parsing ${formatBytes(p.totalBytes)}…` : `${formatBytes(p.bytesRead)} / ${formatBytes(p.totalBytes)}`;
  return `${which}${p.file} · ${how}`;
}

export function ImportProgressView({ progress, cancelling, onCancel }: { progress: ImportProgress | null; cancelling: boolean; onCancel: () => void }) {
  const text = cancelling ? 'Cancelling…' : progress ? describeProgress(progress) : 'Starting…';
  const title = progress ? `Importing ${progress.fileCount > 1 ? `file ${progress.fileIndex} of ${progress.fileCount}, ` : ''}${progress.file}: ${progress.phase === 'parsing' ? `${formatBytes(progress.totalBytes)} read, parsing` : `${formatBytes(progress.bytesRead)} of ${formatBytes(progress.totalBytes)} read`}` : text;
  return (
    <span className="import-progress" data-testid="import-progress" role="group" aria-label="import progress" title={title}>
      <span className="what" data-testid="import-progress-text">
        {text}
      </span>
      {/* no value while parsing: an indeterminate bar, since the parse reports nothing until it is done */}
      <progress aria-label="bytes read" max={progress?.totalBytes || 1} value={progress && progress.phase === 'reading' ? progress.bytesRead : undefined} />
      <button data-testid="import-cancel" onClick={onCancel} disabled={cancelling} title="Stop this import; the scene stays as it was">
        Cancel
      </button>
    </span>
  );
}
