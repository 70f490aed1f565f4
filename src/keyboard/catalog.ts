/**
 * Every user command with a keyboard binding: id, title, group, scope and default keys. The
 * handlers are registered by whoever can run the command (the app shell, a pane) while it is
 * mounted; see registry.ts. Scope: `global` commands work anywhere outside text entry; `camera`,
 * `lidar`, `timeline` commands only while focus is inside that pane (so the panes may reuse keys);
 * `text` commands inside a text editor, where plain keys type, so they need a modifier.
 * Defaults are canonical combos (combo.ts) and conflict-free (catalog.test.ts checks both).
 */
export type Scope = 'global' | 'camera' | 'lidar' | 'timeline' | 'text';

export interface CommandDef {
  id: string;
  title: string;
  group: string;
  scope: Scope;
  /** Default bindings, canonical combos; empty: only from the palette. */
  keys: readonly string[];
}

const classCommands = (scope: 'camera' | 'lidar', label: string): CommandDef[] =>
  Array.from({ length: 9 }, (_, i) => ({
    id: `${scope}.class.${i + 1}`,
    title: `${label} class ${i + 1}`,
    group: 'Classes',
    scope,
    keys: [String(i + 1)],
  }));

/** The camera overlay ids here mirror OVERLAYS in views/camera/overlays.ts (views/camera/overlays.test.ts checks it). */
const overlay = (key: string, label: string, k: string): CommandDef => ({ id: `camera.overlay.${key}`, title: `Toggle overlay: ${label}`, group: 'Camera overlays', scope: 'camera', keys: [k] });

export const COMMANDS: readonly CommandDef[] = [
  { id: 'app.palette', title: 'Command palette', group: 'General', scope: 'global', keys: ['Ctrl+K', 'Ctrl+Shift+P'] },
  { id: 'app.shortcuts', title: 'Keyboard shortcuts', group: 'General', scope: 'global', keys: ['?'] },
  { id: 'app.export', title: 'Export…', group: 'General', scope: 'global', keys: ['Shift+X'] },
  { id: 'app.taxonomy', title: 'Taxonomy editor…', group: 'General', scope: 'global', keys: ['Shift+Y'] },

  { id: 'layout.maximize', title: 'Maximise the active pane / restore', group: 'Layout', scope: 'global', keys: ['Shift+M'] },
  { id: 'layout.preset.quad', title: 'Layout: four panes', group: 'Layout', scope: 'global', keys: ['Alt+1'] },
  { id: 'layout.preset.camera', title: 'Layout: camera large', group: 'Layout', scope: 'global', keys: ['Alt+2'] },
  { id: 'layout.preset.lidar', title: 'Layout: LiDAR large', group: 'Layout', scope: 'global', keys: ['Alt+3'] },
  { id: 'layout.preset.time', title: 'Layout: timeline large', group: 'Layout', scope: 'global', keys: ['Alt+4'] },

  { id: 'edit.undo', title: 'Undo', group: 'Edit', scope: 'global', keys: ['Ctrl+Z'] },
  { id: 'edit.redo', title: 'Redo', group: 'Edit', scope: 'global', keys: ['Ctrl+Shift+Z', 'Ctrl+Y'] },
  { id: 'edit.delete', title: 'Delete selected label', group: 'Edit', scope: 'global', keys: ['Delete', 'Backspace'] },
  { id: 'edit.deselect', title: 'Clear selection', group: 'Edit', scope: 'global', keys: ['Escape'] },

  { id: 'tool.select', title: 'Tool: select', group: 'Tools', scope: 'global', keys: ['V'] },
  { id: 'tool.box', title: 'Tool: 2D box', group: 'Tools', scope: 'global', keys: ['R'] },
  { id: 'tool.polygon', title: 'Tool: polygon', group: 'Tools', scope: 'global', keys: ['G'] },
  { id: 'tool.cuboid', title: 'Tool: cuboid', group: 'Tools', scope: 'global', keys: ['C'] },

  { id: 'nav.nextFrame', title: 'Next frame', group: 'Navigate', scope: 'global', keys: ['.'] },
  { id: 'nav.prevFrame', title: 'Previous frame', group: 'Navigate', scope: 'global', keys: [','] },
  { id: 'nav.nextObject', title: 'Next object', group: 'Navigate', scope: 'global', keys: [']'] },
  { id: 'nav.prevObject', title: 'Previous object', group: 'Navigate', scope: 'global', keys: ['['] },

  // tracks (src/hooks/trackActions.ts): on the selected label / object, "here" = its frame, else the playhead
  { id: 'track.copyNext', title: 'Copy object to next frame', group: 'Track', scope: 'global', keys: ['Alt+N'] },
  { id: 'track.propagate', title: 'Propagate until changed', group: 'Track', scope: 'global', keys: ['Alt+P'] },
  { id: 'track.interpolate', title: 'Interpolate the object between its keyframes', group: 'Track', scope: 'global', keys: ['Alt+T'] },
  { id: 'track.accept', title: 'Accept interpolated frame', group: 'Track', scope: 'global', keys: ['Alt+A'] },
  { id: 'track.deleteFromHere', title: 'Delete from here on', group: 'Track', scope: 'global', keys: ['Alt+Delete'] },
  { id: 'track.split', title: 'Split track here', group: 'Track', scope: 'global', keys: ['Alt+S'] },

  { id: 'focus.objects', title: 'Focus the object list', group: 'Focus', scope: 'global', keys: ['Shift+O'] },
  { id: 'focus.camera', title: 'Focus the camera pane', group: 'Focus', scope: 'global', keys: ['Shift+C'] },
  { id: 'focus.lidar', title: 'Focus the LiDAR pane', group: 'Focus', scope: 'global', keys: ['Shift+L'] },
  { id: 'focus.timeline', title: 'Focus the timeline', group: 'Focus', scope: 'global', keys: ['Shift+T'] },
  { id: 'focus.sidebar', title: 'Focus the side panel', group: 'Focus', scope: 'global', keys: ['Shift+I'] },

  { id: 'side.inspector', title: 'Side panel: Inspector', group: 'Side panel', scope: 'global', keys: ['Alt+I'] },
  { id: 'side.qa', title: 'Side panel: QA', group: 'Side panel', scope: 'global', keys: ['Alt+Q'] },
  { id: 'side.review', title: 'Side panel: Review', group: 'Side panel', scope: 'global', keys: ['Alt+R'] },

  overlay('boxes', 'labelled boxes', 'B'),
  overlay('projected', 'projected cuboid boxes', 'P'),
  overlay('wireframes', 'cuboid wireframes', 'W'),
  overlay('lidar', 'LiDAR points by depth', 'L'),
  overlay('labels', 'ids and classes', 'I'),
  { id: 'camera.fit', title: 'Camera: fit the image', group: 'Camera', scope: 'camera', keys: ['F'] },

  { id: 'lidar.fit', title: 'Cuboid: fit to its points', group: 'Cuboid', scope: 'lidar', keys: ['F'] },
  { id: 'lidar.nudge.forward', title: 'Cuboid: nudge +x 0.1 m', group: 'Cuboid', scope: 'lidar', keys: ['ArrowUp'] },
  { id: 'lidar.nudge.back', title: 'Cuboid: nudge −x 0.1 m', group: 'Cuboid', scope: 'lidar', keys: ['ArrowDown'] },
  { id: 'lidar.nudge.left', title: 'Cuboid: nudge +y 0.1 m', group: 'Cuboid', scope: 'lidar', keys: ['ArrowLeft'] },
  { id: 'lidar.nudge.right', title: 'Cuboid: nudge −y 0.1 m', group: 'Cuboid', scope: 'lidar', keys: ['ArrowRight'] },
  { id: 'lidar.nudge.forward10', title: 'Cuboid: nudge +x 1 m', group: 'Cuboid', scope: 'lidar', keys: ['Shift+ArrowUp'] },
  { id: 'lidar.nudge.back10', title: 'Cuboid: nudge −x 1 m', group: 'Cuboid', scope: 'lidar', keys: ['Shift+ArrowDown'] },
  { id: 'lidar.nudge.left10', title: 'Cuboid: nudge +y 1 m', group: 'Cuboid', scope: 'lidar', keys: ['Shift+ArrowLeft'] },
  { id: 'lidar.nudge.right10', title: 'Cuboid: nudge −y 1 m', group: 'Cuboid', scope: 'lidar', keys: ['Shift+ArrowRight'] },
  { id: 'lidar.rotate.left', title: 'Cuboid: rotate +1°', group: 'Cuboid', scope: 'lidar', keys: ['Q'] },
  { id: 'lidar.rotate.right', title: 'Cuboid: rotate −1°', group: 'Cuboid', scope: 'lidar', keys: ['E'] },
  { id: 'lidar.rotate.left10', title: 'Cuboid: rotate +10°', group: 'Cuboid', scope: 'lidar', keys: ['Shift+Q'] },
  { id: 'lidar.rotate.right10', title: 'Cuboid: rotate −10°', group: 'Cuboid', scope: 'lidar', keys: ['Shift+E'] },

  // playback and the time axis: keys while the timeline has focus (Shift+T), as in video editors
  { id: 'timeline.playPause', title: 'Play / pause', group: 'Timeline', scope: 'timeline', keys: ['K', 'Space'] },
  { id: 'timeline.shuttleBack', title: 'Play backwards (again: faster)', group: 'Timeline', scope: 'timeline', keys: ['J'] },
  { id: 'timeline.shuttleForward', title: 'Play forwards (again: faster)', group: 'Timeline', scope: 'timeline', keys: ['L'] },
  { id: 'timeline.prevSample', title: 'Step to the previous sample (any stream)', group: 'Timeline', scope: 'timeline', keys: ['ArrowLeft'] },
  { id: 'timeline.nextSample', title: 'Step to the next sample (any stream)', group: 'Timeline', scope: 'timeline', keys: ['ArrowRight'] },
  { id: 'timeline.prevStreamFrame', title: 'Previous frame of the selected stream', group: 'Timeline', scope: 'timeline', keys: ['Shift+ArrowLeft'] },
  { id: 'timeline.nextStreamFrame', title: 'Next frame of the selected stream', group: 'Timeline', scope: 'timeline', keys: ['Shift+ArrowRight'] },
  { id: 'timeline.zoomIn', title: 'Timeline: zoom in', group: 'Timeline', scope: 'timeline', keys: ['+', '='] },
  { id: 'timeline.zoomOut', title: 'Timeline: zoom out', group: 'Timeline', scope: 'timeline', keys: ['-'] },
  { id: 'timeline.zoomFit', title: 'Timeline: show the whole scene', group: 'Timeline', scope: 'timeline', keys: ['0'] },
  { id: 'timeline.newAction', title: 'New action at the playhead', group: 'Timeline', scope: 'timeline', keys: ['A'] },

  // the text editor (views/text/TextEditor.tsx): keys typed there are text, so a modifier; Ctrl+L is the browser's address bar
  { id: 'text.link', title: 'Link the selected words to objects…', group: 'Text', scope: 'text', keys: ['Alt+L'] },

  ...classCommands('camera', 'Camera'),
  ...classCommands('lidar', 'LiDAR'),
];

/** Two scopes overlap when a key press can reach both: the same scope, or either is global. */
export function scopesOverlap(a: Scope, b: Scope): boolean {
  return a === b || a === 'global' || b === 'global';
}
