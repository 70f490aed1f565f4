/** Placeholder (being written for #15): the transcript segments, following the playhead. */
export function TranscriptView() {
  return <p className="muted">No transcript.</p>;
}
