/** Placeholder (being written for #15): candidate texts ranked with a reason. */
export function ComparisonsView() {
  return <p className="muted">No comparisons.</p>;
}
