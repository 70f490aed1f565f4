/**
 * Four panes in a 2x2 grid whose column and row splits are dragged with the dividers
 * (or nudged with the arrow keys when a divider has focus).
 */
import { useRef, useState, type ReactNode } from 'react';

const clamp = (v: number) => Math.min(0.85, Math.max(0.15, v));

export function QuadLayout({ panes }: { panes: [ReactNode, ReactNode, ReactNode, ReactNode] }) {
  const [col, setCol] = useState(0.5);
  const [row, setRow] = useState(0.64);
  const ref = useRef<HTMLDivElement>(null);
  const drag = (axis: 'x' | 'y') => (e: React.PointerEvent) => {
    const el = ref.current;
    if (!el) return;
    (e.target as HTMLElement).setPointerCapture(e.pointerId);
    const r = el.getBoundingClientRect();
    const move = (ev: PointerEvent) => (axis === 'x' ? setCol(clamp((ev.clientX - r.left) / r.width)) : setRow(clamp((ev.clientY - r.top) / r.height)));
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };
  const key = (axis: 'x' | 'y') => (e: React.KeyboardEvent) => {
    const d = e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -0.02 : e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 0.02 : 0;
    if (!d) return;
    e.preventDefault();
    if (axis === 'x') setCol((v) => clamp(v + d));
    else setRow((v) => clamp(v + d));
  };
  return (
    <div className="quad" ref={ref} style={{ gridTemplateColumns: `${col}fr 6px ${1 - col}fr`, gridTemplateRows: `${row}fr 6px ${1 - row}fr` }}>
      <div className="pane" style={{ gridArea: '1 / 1' }}>{panes[0]}</div>
      <div className="divider divider-x" style={{ gridArea: '1 / 2 / 4 / 3' }} role="separator" aria-orientation="vertical" aria-label="resize columns" tabIndex={0} onPointerDown={drag('x')} onKeyDown={key('x')} />
      <div className="pane" style={{ gridArea: '1 / 3' }}>{panes[1]}</div>
      <div className="divider divider-y" style={{ gridArea: '2 / 1 / 3 / 4' }} role="separator" aria-orientation="horizontal" aria-label="resize rows" tabIndex={0} onPointerDown={drag('y')} onKeyDown={key('y')} />
      <div className="pane" style={{ gridArea: '3 / 1' }}>{panes[2]}</div>
      <div className="pane" style={{ gridArea: '3 / 3' }}>{panes[3]}</div>
    </div>
  );
}
