/**
 * The "Limits…" setting: the largest file accepted per kind (in MB) and the time one file's parse
 * may take. Saved in localStorage (importLimits.ts); imports read it when they start.
 */
import { useState } from 'react';
import { DEFAULT_LIMITS, FILE_KIND_LABEL, FILE_KINDS, formatBytes, type FileKind, type ImportLimits } from '../core/limits';
import { loadImportLimits, saveImportLimits } from '../store/importLimits';
import './importProgress.css';

const MB = 1024 * 1024;
const toMb = (bytes: number) => String(Number((bytes / MB).toFixed(2)));

export function ImportLimitsDialog({ onClose }: { onClose: () => void }) {
  const [start] = useState(loadImportLimits);
  const [sizes, setSizes] = useState<Record<FileKind, string>>(() => Object.fromEntries(FILE_KINDS.map((k) => [k, toMb(start.maxBytes[k])])) as Record<FileKind, string>);
  const [timeout, setTimeoutText] = useState(String(start.jobTimeoutSeconds));
  const [problem, setProblem] = useState<string | null>(null);

  const save = () => {
    const bad = FILE_KINDS.find((k) => !(Number(sizes[k]) > 0));
    if (bad) return setProblem(`${FILE_KIND_LABEL[bad]}: "${sizes[bad]}" is not a size in MB above 0`);
    if (!(Number(timeout) > 0)) return setProblem(`time limit: "${timeout}" is not a number of seconds above 0`);
    const limits: ImportLimits = { maxBytes: Object.fromEntries(FILE_KINDS.map((k) => [k, Math.round(Number(sizes[k]) * MB)])) as ImportLimits['maxBytes'], jobTimeoutSeconds: Number(timeout) };
    if (!saveImportLimits(limits)) return setProblem('the browser refused to store the setting (storage full or disabled)');
    onClose();
  };

  return (
    <div className="dialog-backdrop" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="dialog limits-dialog" role="dialog" aria-modal="true" aria-label="Import limits" data-testid="limits-dialog">
        <h2>Import limits</h2>
        <p className="muted small">Files over their kind’s limit are refused before they are read. One file’s parse is stopped after the time limit.</p>
        <div className="limits-grid">
          {FILE_KINDS.map((k) => (
            <label key={k} className="limits-row">
              <span>{FILE_KIND_LABEL[k]}</span>
              <input type="number" min="0" step="any" aria-label={`${k} limit in MB`} value={sizes[k]} onChange={(e) => setSizes((s) => ({ ...s, [k]: e.target.value }))} />
              <span className="muted small">MB (default {formatBytes(DEFAULT_LIMITS.maxBytes[k])})</span>
            </label>
          ))}
          <label className="limits-row">
            <span>time limit per file</span>
            <input type="number" min="0" step="any" aria-label="time limit in seconds" value={timeout} onChange={(e) => setTimeoutText(e.target.value)} />
            <span className="muted small">s (default {DEFAULT_LIMITS.jobTimeoutSeconds})</span>
          </label>
        </div>
        {problem ? (
          <p className="dialog-error" role="alert">
            {problem}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button
            onClick={() => {
              setSizes(Object.fromEntries(FILE_KINDS.map((k) => [k, toMb(DEFAULT_LIMITS.maxBytes[k])])) as Record<FileKind, string>);
              setTimeoutText(String(DEFAULT_LIMITS.jobTimeoutSeconds));
            }}
          >
            Defaults
          </button>
          <button onClick={onClose}>Cancel</button>
          <button className="primary" onClick={save}>
            Save
          </button>
        </div>
      </div>
    </div>
  );
}
