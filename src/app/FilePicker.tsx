/** A button that opens the browser's file (or folder) picker and hands over the chosen files. */
import type { ReactNode } from 'react';

export function FilePicker(props: { children: ReactNode; title?: string; testId: string; accept?: string; folder?: boolean; onFiles: (files: File[]) => Promise<void> | void }) {
  // non-standard but universally supported directory picker
  const folder = props.folder ? { webkitdirectory: '' } : {};
  return (
    <label className="button" title={props.title}>
      {props.children}
      <input
        type="file"
        data-testid={props.testId}
        multiple
        accept={props.accept}
        hidden
        {...folder}
        onChange={async (e) => {
          const input = e.currentTarget;
          await props.onFiles(Array.from(input.files ?? []));
          input.value = '';
        }}
      />
    </label>
  );
}
