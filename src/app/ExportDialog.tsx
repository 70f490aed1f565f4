/**
 * The export menu: pick a format (and, for per-sensor formats, the sensors), run the export in a
 * Web Worker with a progress bar, download the result (one file, or a ZIP of a folder format) and
 * show the export summary — what was written and what the format could not hold.
 */
import { useEffect, useRef, useState } from 'react';
import { EXPORT_FORMAT_INFO, EXPORT_FORMATS, sceneStem, type ExportFormat, type ExportProgress } from '../core/formats/exchange';
import type { Scene } from '../core/schema';
import { downloadUrl, exportInWorker, type ExportJob, type PackedExport } from '../workers/exportClient';
import { fetchBytes } from '../hooks/media';

type Phase = { kind: 'idle' } | { kind: 'running'; progress: ExportProgress } | { kind: 'done'; result: PackedExport; url: string } | { kind: 'failed'; message: string };

const readMedia = async (uri: string): Promise<Uint8Array | null> => {
  try {
    // no limit: the bundle copies files the user already has (a refusal would silently drop a hash)
    return await fetchBytes(uri, { limits: null });
  } catch {
    return null; // not available in this session: the manifest records no hash for it
  }
};


export function ExportDialog({ scene, onClose }: { scene: Scene; onClose: () => void }) {
  const [format, setFormat] = useState<ExportFormat>('openlabel');
  const info = EXPORT_FORMAT_INFO[format];
  const candidates = info.perSensor ? scene.sensors.filter((s) => (info.perSensor as readonly string[]).includes(s.kind)) : [];
  const [unchecked, setUnchecked] = useState<Set<string>>(new Set());
  const cameras = scene.sensors.filter((s) => s.kind === 'camera');
  const [trackingCamera, setTrackingCamera] = useState<string>('');
  const sensors = format === 'kitti-tracking' ? (trackingCamera ? [trackingCamera] : []) : candidates.filter((s) => !unchecked.has(s.id)).map((s) => s.id);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const job = useRef<ExportJob | null>(null);

  // cancel a running export and free the download URL when the dialog goes away
  useEffect(
    () => () => {
      job.current?.cancel();
    },
    [],
  );
  useEffect(() => () => void (phase.kind === 'done' && URL.revokeObjectURL(phase.url)), [phase]);

  const start = () => {
    setPhase({ kind: 'running', progress: { stage: 'starting', fraction: 0 } });
    const j = exportInWorker(scene, format, { sensors: info.perSensor || sensors.length ? sensors : undefined, stem: sceneStem(scene) }, (p) => setPhase((cur) => (cur.kind === 'running' ? { kind: 'running', progress: p } : cur)), format === 'bundle' ? readMedia : undefined);
    job.current = j;
    j.done.then(
      (result) => {
        if (job.current !== j) return;
        const url = URL.createObjectURL(result.blob);
        setPhase({ kind: 'done', result, url });
        downloadUrl(url, result.fileName);
      },
      (e: Error) => {
        if (job.current === j) setPhase(e.message === 'export cancelled' ? { kind: 'idle' } : { kind: 'failed', message: e.message });
      },
    );
  };

  const running = phase.kind === 'running';
  return (
    <div className="dialog-backdrop" onKeyDown={(e) => e.key === 'Escape' && !running && onClose()}>
      <div className="dialog" role="dialog" aria-modal="true" aria-label="Export" data-testid="export-dialog">
        <h2>Export “{scene.name}”</h2>
        <label>
          Format{' '}
          <select aria-label="export format" value={format} disabled={running} onChange={(e) => (setFormat(e.target.value as ExportFormat), setPhase({ kind: 'idle' }))}>
            {EXPORT_FORMATS.map((f) => (
              <option key={f} value={f}>
                {EXPORT_FORMAT_INFO[f].label}
              </option>
            ))}
          </select>
        </label>
        <p className="muted">{info.description}</p>
        {info.perSensor ? (
          <fieldset disabled={running}>
            <legend>Sensors (one file each)</legend>
            {candidates.length ? (
              candidates.map((s) => (
                <label key={s.id} className="check">
                  <input
                    type="checkbox"
                    checked={!unchecked.has(s.id)}
                    onChange={(e) => {
                      const next = new Set(unchecked);
                      if (e.target.checked) next.delete(s.id);
                      else next.add(s.id);
                      setUnchecked(next);
                    }}
                  />{' '}
                  {s.name ?? s.id}
                </label>
              ))
            ) : (
              <span className="muted">This scene has no {info.perSensor.join(' or ')} sensor.</span>
            )}
          </fieldset>
        ) : null}
        {format === 'kitti-tracking' && cameras.length > 1 ? (
          <label>
            Camera{' '}
            <select aria-label="tracking camera" value={trackingCamera} disabled={running} onChange={(e) => setTrackingCamera(e.target.value)}>
              <option value="">automatic (KITTI camera 2, else the first)</option>
              {cameras.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name ?? c.id}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {running ? (
          <div className="export-progress">
            <progress data-testid="export-progress" max={100} value={Math.round(phase.progress.fraction * 100)} aria-valuenow={Math.round(phase.progress.fraction * 100)} />
            <span className="muted" data-testid="export-stage">
              {phase.progress.stage}
            </span>
          </div>
        ) : null}
        {phase.kind === 'failed' ? (
          <p className="dialog-error" role="alert">
            {phase.message}
          </p>
        ) : null}
        {phase.kind === 'done' ? <ExportSummaryView result={phase.result} url={phase.url} /> : null}
        <div className="dialog-actions">
          {running ? (
            <button onClick={() => job.current?.cancel()}>Cancel</button>
          ) : (
            <button className="primary" onClick={start} disabled={!!info.perSensor && !sensors.length}>
              {phase.kind === 'done' ? 'Export again' : 'Export'}
            </button>
          )}
          <button onClick={onClose} disabled={running}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}

function ExportSummaryView({ result, url }: { result: PackedExport; url: string }) {
  const written = Object.entries(result.summary.written);
  return (
    <div className="export-summary" data-testid="export-summary">
      <p>
        <a href={url} download={result.fileName}>
          {result.fileName}
        </a>{' '}
        <span className="muted">
          ({result.files.length} file{result.files.length === 1 ? '' : 's'}, {(result.size / 1024).toFixed(1)} KB)
        </span>
      </p>
      {written.length ? <p>Written: {written.map(([k, v]) => `${v} ${k}`).join(', ')}</p> : null}
      {result.notes.map((n) => (
        <p key={n} className="muted small">
          {n}
        </p>
      ))}
      {result.summary.dropped.length ? (
        <ul className="dropped" data-testid="export-dropped">
          {result.summary.dropped.map((d) => (
            <li key={`${d.what}|${d.reason}`}>
              Not in this format: {d.count} × {d.what} — {d.reason}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Nothing was left out.</p>
      )}
    </div>
  );
}
