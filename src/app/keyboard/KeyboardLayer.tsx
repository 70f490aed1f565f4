/**
 * The app shell's keyboard: the window's key listener (global commands), the handlers of the
 * commands the shell owns (undo/redo, tools, frames, objects, side panel, focus, export), the
 * command palette and the shortcut sheet. Panes register their own commands (usePaneCommands);
 * a key a pane handled is default-prevented and not run again here. While a dialog is open
 * (palette, sheet, export) no global shortcut runs, and closing one gives focus back.
 */
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { keyBelongsToField } from '../../keyboard/combo';
import { useCommandHandlers, useCommandRegistry, type HandlerLike } from '../../keyboard/react';
import type { WorkbenchStore } from '../../store';
import { layoutStore } from '../../store/layout';
import { useWorkbenchStore } from '../../hooks/storeContext';
import { deleteSelected, focusFirst, focusWhenPresent, stepFrame, stepObject } from './actions';
import { acceptSelectedInterpolated, copySelectedToNextFrame, deleteSelectedFromHere, interpolateSelectedObject, propagateSelected, selectedObject, selectedSampleAnnotation, splitSelectedHere } from '../../hooks/trackActions';
import { ShortcutSheet } from './ShortcutSheet';

// cmdk and its dialog load with the first Ctrl+K, not with the first paint
const CommandPalette = lazy(() => import('./CommandPalette').then((m) => ({ default: m.CommandPalette })));

export type SideTab = 'inspector' | 'qa' | 'review';

export interface KeyboardLayerProps {
  setSide: (side: SideTab) => void;
  /** Whether the export dialog is open (a modal: shortcuts pause, focus returns on close). */
  exporting: boolean;
  openExport: () => void;
  openTaxonomy: () => void;
}

function shellHandlers(store: WorkbenchStore, p: KeyboardLayerProps & { openPalette: () => void; openSheet: () => void }): Record<string, HandlerLike> {
  const st = () => store.getState();
  const hasScene = () => !!st().scene;
  const tool = (t: 'select' | 'box' | 'polygon') => ({ run: () => st().setSession({ tool: t }), enabled: hasScene });
  return {
    'app.palette': p.openPalette,
    'app.shortcuts': p.openSheet,
    'app.export': { run: p.openExport, enabled: hasScene },
    'app.taxonomy': { run: p.openTaxonomy, enabled: hasScene },
    'layout.maximize': { run: () => layoutStore().getState().toggleMaximize(), enabled: hasScene },
    'layout.preset.quad': () => layoutStore().getState().applyPreset('quad'),
    'layout.preset.camera': () => layoutStore().getState().applyPreset('camera-large'),
    'layout.preset.lidar': () => layoutStore().getState().applyPreset('lidar-large'),
    'layout.preset.time': () => layoutStore().getState().applyPreset('time-large'),
    'edit.undo': { run: () => st().undo(), enabled: () => st().history.undo.length > 0 },
    'edit.redo': { run: () => st().redo(), enabled: () => st().history.redo.length > 0 },
    'edit.delete': { run: () => void deleteSelected(store), enabled: () => !!st().session.selectedAnnotationId },
    'edit.deselect': () => st().select(null),
    'tool.select': tool('select'),
    'tool.box': tool('box'),
    'tool.polygon': tool('polygon'),
    'nav.nextFrame': { run: () => stepFrame(store, 1), enabled: hasScene },
    'nav.prevFrame': { run: () => stepFrame(store, -1), enabled: hasScene },
    'nav.nextObject': { run: () => stepObject(store, 1), enabled: hasScene },
    'nav.prevObject': { run: () => stepObject(store, -1), enabled: hasScene },
    'track.copyNext': { run: () => void copySelectedToNextFrame(store), enabled: () => !!selectedSampleAnnotation(store) },
    'track.propagate': { run: () => void propagateSelected(store), enabled: () => !!selectedSampleAnnotation(store) },
    'track.interpolate': { run: () => void interpolateSelectedObject(store), enabled: () => !!selectedObject(store) },
    'track.accept': { run: () => void acceptSelectedInterpolated(store), enabled: () => selectedSampleAnnotation(store)?.source === 'interpolated' },
    'track.deleteFromHere': { run: () => void deleteSelectedFromHere(store), enabled: () => !!selectedObject(store) },
    'track.split': { run: () => void splitSelectedHere(store), enabled: () => !!selectedObject(store) },
    'focus.objects': () => focusFirst('[data-testid="object-list"] button.object-row[aria-pressed="true"]', '[data-testid="object-list"] button.object-row'),
    'focus.camera': () => focusFirst('[data-testid="camera-pane"]'),
    'focus.lidar': () => focusFirst('[data-testid="lidar-pane"]'),
    'focus.timeline': () => focusFirst('[data-testid="timeline-pane"]'),
    'focus.sidebar': () => focusFirst('.sidebar [role="tab"][aria-selected="true"]'),
    'side.inspector': () => p.setSide('inspector'),
    'side.qa': () => p.setSide('qa'),
    'side.review': () => p.setSide('review'),
  };
}

export function KeyboardLayer(props: KeyboardLayerProps) {
  const store = useWorkbenchStore();
  const reg = useCommandRegistry();
  const [palette, setPalette] = useState(false);
  const [paletteLoaded, setPaletteLoaded] = useState(false);
  const [sheet, setSheet] = useState(false);
  const modal = useRef(false);
  modal.current = palette || sheet || props.exporting;
  /** What had focus before a dialog opened, given back when it closes. */
  const returnTo = useRef<HTMLElement | null>(null);
  const pending = useRef<string | null>(null);

  /** Remember what has focus before a dialog takes it. */
  const remember = () => {
    if (!returnTo.current) returnTo.current = document.activeElement as HTMLElement | null;
  };
  const giveFocusBack = () => {
    const el = returnTo.current;
    returnTo.current = null;
    if (el?.isConnected && el !== document.body) el.focus();
  };
  useCommandHandlers(
    'global',
    shellHandlers(store, {
      ...props,
      openPalette: () => {
        remember();
        setPaletteLoaded(true);
        setPalette(true);
      },
      openSheet: () => {
        remember();
        setSheet(true);
      },
    }),
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (modal.current || e.defaultPrevented || keyBelongsToField(e)) return;
      if (reg.dispatch(e, 'global')) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [reg]);

  // the sheet and the export dialog (opened by a key or its button) give focus back when they close
  const open = sheet || props.exporting;
  useEffect(() => {
    if (open) {
      remember();
      if (props.exporting) focusWhenPresent('[data-testid="export-dialog"] select, [data-testid="export-dialog"] button');
      return;
    }
    giveFocusBack();
    // remember / giveFocusBack only touch refs
  }, [open, props.exporting]);

  // the palette: once its dialog has closed (Radix moves focus in a timeout scheduled while the
  // dialog unmounts, before this effect's), focus goes back, then the chosen command runs, so a
  // command that moves focus (focus the object list) keeps it
  const wasOpen = useRef(false);
  useEffect(() => {
    if (palette) {
      wasOpen.current = true;
      return;
    }
    if (!wasOpen.current) return;
    wasOpen.current = false;
    const id = pending.current;
    pending.current = null;
    setTimeout(() => {
      giveFocusBack();
      if (id) reg.run(id);
    }, 0);
  }, [palette, reg]);

  return (
    <>
      {paletteLoaded ? (
        <Suspense fallback={null}>
          <CommandPalette
            open={palette}
            onOpenChange={setPalette}
            onRun={(id) => {
              pending.current = id;
              setPalette(false);
            }}
          />
        </Suspense>
      ) : null}
      {sheet ? <ShortcutSheet onClose={() => setSheet(false)} /> : null}
    </>
  );
}
