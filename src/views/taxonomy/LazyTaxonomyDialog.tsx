/**
 * The taxonomy editor behind React.lazy: the shell imports only this wrapper, so the editor (and
 * its CSS) stays out of the first-paint bundle and loads when "Taxonomy…" is first opened.
 */
import { lazy, Suspense } from 'react';

const TaxonomyDialogLazy = lazy(() => import('./TaxonomyDialog').then((m) => ({ default: m.TaxonomyDialog })));

export function TaxonomyDialog({ onClose }: { onClose: () => void }) {
  return (
    <Suspense fallback={null}>
      <TaxonomyDialogLazy onClose={onClose} />
    </Suspense>
  );
}
