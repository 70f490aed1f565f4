/**
 * A text editor for one host (a document, or a transcript segment's text): a <textarea> over a
 * highlight backdrop with identical metrics (the classic highlight-within-textarea), so the
 * browser does selection, caret, IME, bidi and spellcheck-free typing, and the backdrop draws:
 * - linked spans in their object's class colour (the first span over a run tinted, every span a
 *   stacked underline, so overlapping spans are all visible); the selected / hovered object's
 *   spans outlined;
 * - detected mentions not linked yet, dotted (offers to link);
 * - possible hallucinations (wavy red) and contradictions (wavy orange), listed under the text.
 *
 * Every change is a `text/edit` command through the store; typing is merged into one undo step per
 * word or pause (typingSteps.ts), and Ctrl+Z / Ctrl+Shift+Z inside the editor are the store's
 * undo/redo (the browser's own textarea undo is never used: it would fork the history). The text is
 * the store's, byte for byte, rendered as React text (never HTML). The caret stays where it was
 * when the store's text changes under it (undo, another view's edit).
 *
 * Linking: select words, press the "Link" key (keyboard catalog `text.link`, Alt+L by default) or
 * the Link… button; a caret in a detected mention links that mention. A caret in (or a click on)
 * a linked span selects its object in every view.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { deleteAnnotation } from '../../core/commands';
import { editText, linkSpan } from '../../core/commands/text';
import { spansOfHost, type TextHost } from '../../core/schema';
import { diffToEdit, type TextEdit } from '../../core/text';
import { useClassColor, useScene } from '../../hooks/sceneHooks';
import { useWorkbench, useWorkbenchStore } from '../../hooks/storeContext';
import { hostKey, hostText, useHostSpans, useHoveredObject, useMentions, useTextFlags, useVisibleObjects } from '../../hooks/text';
import { comboFromEvent } from '../../keyboard/combo';
import { useCommandRegistry, useKeyLabel } from '../../keyboard/react';
import { marksIn, runsOf, spansAt, type Mark, type Run } from './highlight';
import { LinkPicker } from './LinkPicker';
import { attachEditor, useTextCommands } from './textCommands';
import { TypingSteps } from './typingSteps';

export interface TextEditorProps {
  host: TextHost;
  /** The host's text as the store has it now. */
  text: string;
  /** BCP-47 tag of the text (`lang` of the field: fonts, line breaking). */
  language?: string;
  /** Accessible name of the field. */
  label?: string;
  placeholder?: string;
  /** List the text's flags under it (default true). */
  showFlags?: boolean;
  /** Minimum height of the field in lines (default 3). */
  rows?: number;
}

/** Flags listed under a text; the rest stay marked in it (a 50k-character text may have hundreds). */
const MAX_LISTED = 20;
/** Offer chips shown; every offer stays dotted in the text. */
const MAX_OFFERS = 12;

interface Picking {
  start: number;
  end: number;
  classFilter?: string;
}

/** [start, end) with surrounding whitespace left out ("the red car " → "the red car"). */
function trimRange(text: string, start: number, end: number): [number, number] {
  while (start < end && /\s/u.test(text[start])) start++;
  while (end > start && /\s/u.test(text[end - 1])) end--;
  return [start, end];
}

/** The word around a caret (letters, digits, marks, apostrophes, hyphens), or null. */
function wordAt(text: string, pos: number): [number, number] | null {
  const isWord = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}\p{M}'’-]/u.test(c);
  let a = pos;
  let b = pos;
  while (a > 0 && isWord(text[a - 1])) a--;
  while (b < text.length && isWord(text[b])) b++;
  return b > a ? [a, b] : null;
}

/** Where a selection lies after the text changed by `e` under it. */
function mapOffset(p: number, e: TextEdit): number {
  if (p <= e.from) return p;
  if (p >= e.to) return p + e.insert.length - (e.to - e.from);
  return e.from + e.insert.length;
}

export function TextEditor({ host, text, language, label, placeholder, showFlags = true, rows = 3 }: TextEditorProps) {
  const store = useWorkbenchStore();
  const scene = useScene();
  const colorOf = useClassColor();
  const reg = useCommandRegistry();
  const keyLabel = useKeyLabel();
  const spans = useHostSpans(host);
  const mentions = useMentions(text);
  const flags = useTextFlags(host);
  const visible = useVisibleObjects();
  const hovered = useHoveredObject();
  const selectedObject = useWorkbench((s) => s.session.selectedObjectId);
  const selectedAnnotation = useWorkbench((s) => s.session.selectedAnnotationId);
  const ta = useRef<HTMLTextAreaElement>(null);
  const backdrop = useRef<HTMLDivElement>(null);
  const [composing, setComposing] = useState<string | null>(null);
  const [caret, setCaret] = useState<[number, number]>([0, 0]);
  const [picking, setPicking] = useState<Picking | null>(null);
  const [hoverKey, setHoverKey] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  useTextCommands();

  const hostRef = useRef(host);
  hostRef.current = host;
  const key = hostKey(host);
  const typing = useMemo(() => new TypingSteps(() => store.getState(), 'Type'), [store]);
  useEffect(() => () => typing.close(), [typing]);

  // --- the text and the caret ----------------------------------------------------------------
  /** The text the store had when this editor last rendered or committed (the base of the next diff). */
  const known = useRef(text);
  /** The selection as last seen (read before React replaces the value, to map it through a change). */
  const sel = useRef<[number, number]>([0, 0]);
  /** Set while this editor itself runs undo/redo: the caret goes to the changed words. */
  const ownStep = useRef(false);
  const readSel = () => {
    const el = ta.current;
    if (el) sel.current = [el.selectionStart, el.selectionEnd];
  };

  useLayoutEffect(() => {
    const before = known.current;
    known.current = text;
    if (before === text) return;
    const el = ta.current;
    if (!el || composing !== null) return;
    const e = diffToEdit(before, text);
    if (!e) return;
    const [a, b] = ownStep.current ? [e.from + e.insert.length, e.from + e.insert.length] : [mapOffset(sel.current[0], e), mapOffset(sel.current[1], e)];
    ownStep.current = false;
    el.setSelectionRange(a, b);
    sel.current = [a, b];
    setCaret([a, b]);
  }, [text, composing]);

  /** Dispatch the change from the known text to `value` as one `text/edit`. */
  const commit = (value: string) => {
    const e = diffToEdit(known.current, value);
    if (!e) return;
    typing.before(e);
    const ok = store.getState().dispatch(editText, { host: hostRef.current, ...e });
    typing.after(e, ok);
    if (ok) {
      known.current = value;
      readSel();
    } else {
      // refused (the host vanished, a bad offset): React puts the store's text back; keep the caret at the edit
      setTimeout(() => ta.current?.setSelectionRange(e.from, e.from), 0);
    }
  };

  const step = (direction: 'undo' | 'redo') => {
    typing.close();
    ownStep.current = true;
    const st = store.getState();
    if (direction === 'undo') st.undo();
    else st.redo();
    // nothing changed this text: the flag must not leak into the next external change
    if (known.current === hostTextNow()) ownStep.current = false;
  };
  const hostTextNow = () => {
    const sc = store.getState().scene;
    return sc ? hostText(sc, hostRef.current) : undefined;
  };

  // the browser's own undo (Edit menu, context menu, a gesture) would fork the history: route it to the store
  useEffect(() => {
    const el = ta.current;
    if (!el) return;
    const onBefore = (e: InputEvent) => {
      if (e.inputType === 'historyUndo' || e.inputType === 'historyRedo') {
        e.preventDefault();
        step(e.inputType === 'historyUndo' ? 'undo' : 'redo');
      }
    };
    el.addEventListener('beforeinput', onBefore);
    return () => el.removeEventListener('beforeinput', onBefore);
  });

  // --- marks -------------------------------------------------------------------------------------
  const marks: Mark[] = useMemo(() => {
    const out: Mark[] = [];
    for (const s of spans) {
      const o = scene?.objects[s.object];
      out.push({ kind: 'span', start: s.start, end: s.end, key: s.id, spanId: s.id, object: s.object, color: colorOf(o?.classId ?? ''), classId: o?.classId });
    }
    mentions.forEach((m, i) => {
      if (m.negated) return; // "no dog": nothing to link
      if (spans.some((s) => s.start < m.end && m.start < s.end)) return; // already grounded
      out.push({ kind: 'offer', start: m.start, end: m.end, key: `offer:${i}`, classId: m.classId });
    });
    flags.forEach((f, i) => out.push({ kind: f.kind, start: f.start, end: f.end, key: `flag:${i}`, classId: f.classId, object: f.object, spanId: f.spanId, message: f.message }));
    return out;
  }, [spans, mentions, flags, scene?.objects, colorOf]);
  const runs = useMemo(() => runsOf(text, marks), [text, marks]);
  const className = useCallback((id: string | undefined) => (id ? (scene?.taxonomy.classes.find((c) => c.id === id)?.name ?? id) : ''), [scene?.taxonomy]);
  const objectName = useCallback((id: string | undefined) => (id ? (scene?.objects[id]?.name ?? id) : ''), [scene?.objects]);

  // --- selection follows the caret -------------------------------------------------------------
  const onSelect = () => {
    readSel();
    const [a, b] = sel.current;
    setCaret([a, b]);
    if (a !== b) return;
    const under = spansAt(marks, a)[0];
    const st = store.getState();
    if (under && (st.session.selectedObjectId !== under.object || st.session.selectedAnnotationId !== under.spanId)) st.select(under.object ?? null, under.spanId ?? null);
  };

  // --- linking ---------------------------------------------------------------------------------
  const openPicker = () => {
    readSel();
    let [a, b] = sel.current;
    let classFilter: string | undefined;
    if (a === b) {
      const offer = marksIn(marks, 'offer', a, a)[0];
      const word = offer ? ([offer.start, offer.end] as [number, number]) : wordAt(text, a);
      if (!word) {
        setNotice('Select the words to link first.');
        return;
      }
      [a, b] = word;
      classFilter = offer?.classId;
    } else {
      [a, b] = trimRange(text, a, b);
      if (a === b) {
        setNotice('Select the words to link first.');
        return;
      }
      classFilter = marksIn(marks, 'offer', a, b).length === 1 ? marksIn(marks, 'offer', a, b)[0].classId : undefined;
    }
    typing.close();
    setNotice(null);
    setPicking({ start: a, end: b, classFilter });
  };
  const link = (objects: string[]) => {
    if (!picking) return;
    const { start, end } = picking;
    setPicking(null);
    const st = store.getState();
    if (st.dispatch(linkSpan, { host: hostRef.current, start, end, objects })) {
      const scene2 = store.getState().scene;
      const made = scene2 ? spansOfHost(scene2, hostRef.current).find((s) => s.kind === 'textSpan' && s.start === start && s.end === end && s.object === objects[0]) : undefined;
      st.select(objects[0], made?.id ?? null);
      setNotice(null);
    } else setNotice(store.getState().lastError?.message ?? 'The link was refused.');
    // the caret after the linked words (still "in" the span): its colour shows at once, not hidden under a selection
    ta.current?.focus();
    ta.current?.setSelectionRange(end, end);
  };
  const cancelPick = () => {
    const p = picking;
    setPicking(null);
    ta.current?.focus();
    if (p) ta.current?.setSelectionRange(p.start, p.end);
  };
  const linkOffer = (m: Mark) => {
    ta.current?.focus();
    ta.current?.setSelectionRange(m.start, m.end);
    sel.current = [m.start, m.end];
    typing.close();
    setPicking({ start: m.start, end: m.end, classFilter: m.classId });
  };

  const openPickerRef = useRef(openPicker);
  openPickerRef.current = openPicker;
  useEffect(() => (ta.current ? attachEditor(ta.current, { link: () => openPickerRef.current() }) : undefined), []);

  // --- keys ------------------------------------------------------------------------------------
  const onKeyDown = (e: React.KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.nativeEvent.isComposing) return;
    const combo = comboFromEvent(e.nativeEvent);
    const cmd = combo ? reg.resolve(combo, 'text') : undefined;
    const run = cmd?.id === 'edit.undo' ? () => step('undo') : cmd?.id === 'edit.redo' ? () => step('redo') : cmd?.id === 'text.link' ? openPicker : null;
    if (run) {
      e.preventDefault();
      run();
      return;
    }
    if (e.key === 'Escape') {
      // Esc leaves the text (the pane's and the app's keys work again)
      typing.close();
      ta.current?.blur();
      e.preventDefault();
    }
  };

  // --- hover: the marks under the pointer (the backdrop lies under the textarea) ------------------
  const frame = useRef(0);
  const setHoverObject = (object: string | null) => {
    const st = store.getState();
    const cur = st.live.hover;
    if (object) {
      if (cur?.kind !== 'object' || cur.object !== object) st.setHover({ kind: 'object', object });
    } else if (cur?.kind === 'object' && hoverKey !== null) st.setHover(null);
  };
  const onMouseMove = (e: React.MouseEvent) => {
    const { clientX, clientY } = e;
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => {
      const el = document.elementsFromPoint(clientX, clientY).find((x) => x instanceof HTMLElement && x.dataset.run !== undefined && backdrop.current?.contains(x)) as HTMLElement | undefined;
      const run = el ? runs[Number(el.dataset.run)] : undefined;
      const k = run && run.marks.length ? run.marks.map((m) => m.key).join(' ') : null;
      if (k === hoverKey) return;
      setHoverKey(k);
      const span = run?.marks.find((m) => m.kind === 'span');
      setHoverObject(span?.object ?? null);
      if (ta.current) ta.current.title = run ? run.marks.map((m) => describeMark(m, objectName, className)).join('\n') : '';
    });
  };
  const onMouseLeave = () => {
    cancelAnimationFrame(frame.current);
    if (hoverKey !== null) {
      setHoverKey(null);
      setHoverObject(null);
    }
  };

  // --- render ----------------------------------------------------------------------------------
  const hoveredKeys = useMemo(() => new Set(hoverKey?.split(' ') ?? []), [hoverKey]);
  const renderRun = (r: Run, i: number) => {
    const piece = text.slice(r.start, r.end);
    if (r.marks.length === 0) return piece;
    const sp = r.marks.filter((m) => m.kind === 'span');
    const cls = ['text-hl'];
    const style: React.CSSProperties = {};
    if (sp.length) {
      cls.push('text-hl-span');
      style.backgroundColor = `color-mix(in srgb, ${sp[0].color} ${sp.some((m) => hoveredKeys.has(m.key) || m.object === hovered) ? 55 : 30}%, transparent)`;
      // one 2 px band per span, stacked upwards: two overlapping spans show two colours
      style.boxShadow = sp.map((m, j) => `inset 0 -${2 * (j + 1)}px 0 ${m.color}`).join(', ');
      if (sp.some((m) => m.spanId === selectedAnnotation || m.object === selectedObject)) cls.push('text-hl-selected');
      if (sp.some((m) => m.object === hovered || hoveredKeys.has(m.key))) cls.push('text-hl-hover');
    }
    if (r.marks.some((m) => m.kind === 'hallucination')) cls.push('text-hl-hallucination');
    else if (r.marks.some((m) => m.kind === 'contradiction')) cls.push('text-hl-contradiction');
    else if (r.marks.some((m) => m.kind === 'offer')) cls.push('text-hl-offer');
    return (
      // keyed by position in the run list: typing shifts every later run's offsets, not its element
      <span key={i} className={cls.join(' ')} style={style} data-run={i} data-kinds={[...new Set(r.marks.map((m) => m.kind))].join(' ')} data-objects={sp.map((m) => m.object).join(' ') || undefined}>
        {piece}
      </span>
    );
  };

  const caretSpans = caret[0] === caret[1] ? spansAt(marks, caret[0]) : marks.filter((m) => m.kind === 'span' && m.start < caret[1] && caret[0] < m.end);
  const caretOffer = marksIn(marks, 'offer', caret[0], caret[1])[0];
  const offers = marks.filter((m) => m.kind === 'offer');
  const flagMarks = marks.filter((m) => m.kind === 'hallucination' || m.kind === 'contradiction');
  const value = composing ?? text;
  const linkKey = keyLabel('text.link');

  return (
    <div className="text-editor" data-host={key} data-testid="text-editor">
      <div className="text-field">
        <div ref={backdrop} className="text-backdrop" aria-hidden="true" dir="auto" lang={language} style={{ minHeight: `calc(${rows} * 1.55em + 14px)` }}>
          {runs.map(renderRun)}
          {/* a trailing newline needs a character after it to take its line, as in the textarea */}
          {'\u200b'}
        </div>
        <textarea
          ref={ta}
          className="text-input"
          value={value}
          dir="auto"
          lang={language}
          rows={rows}
          spellCheck={false}
          autoCorrect="off"
          autoCapitalize="off"
          aria-label={label}
          placeholder={placeholder}
          data-testid="text-input"
          onChange={(e) => {
            if (composing !== null || (e.nativeEvent as InputEvent).isComposing) setComposing(e.target.value);
            else commit(e.target.value);
          }}
          onCompositionStart={(e) => setComposing(e.currentTarget.value)}
          onCompositionEnd={(e) => {
            const v = e.currentTarget.value;
            setComposing(null);
            commit(v);
          }}
          onSelect={onSelect}
          onKeyDown={onKeyDown}
          onBlur={() => typing.close()}
          onMouseMove={onMouseMove}
          onMouseLeave={onMouseLeave}
          onFocus={() => setNotice(null)}
        />
      </div>
      {picking && scene ? (
        <LinkPicker scene={scene} phrase={text.slice(picking.start, picking.end)} visible={visible} classFilter={picking.classFilter} onConfirm={link} onCancel={cancelPick} />
      ) : null}
      <div className="text-editor-bar">
        <button type="button" onMouseDown={(e) => e.preventDefault() /* keep the selection */} onClick={openPicker} title={`Link the selected words to objects${linkKey ? ` (${linkKey})` : ''}`} data-testid="text-link">
          Link…{linkKey ? <kbd className="muted"> {linkKey}</kbd> : null}
        </button>
        {caretSpans.map((m) => (
          <span key={m.key} className="text-chip text-chip-span" style={{ borderColor: m.color }} data-testid="caret-span">
            <span className="swatch" style={{ background: m.color }} />
            {objectName(m.object)}
            <button
              type="button"
              className="text-chip-x"
              title={`Unlink “${text.slice(m.start, m.end)}” from ${objectName(m.object)}`}
              onClick={() => {
                if (m.spanId) store.getState().dispatch(deleteAnnotation, { id: m.spanId });
                ta.current?.focus();
              }}
              data-testid="unlink"
            >
              ×
            </button>
          </span>
        ))}
        {caretOffer && !caretSpans.length ? <span className="muted small">“{text.slice(caretOffer.start, caretOffer.end)}” names {className(caretOffer.classId)}: link it with {linkKey || 'Link…'}</span> : null}
        {notice ? <span className="text-notice small">{notice}</span> : null}
        {offers.length ? (
          <span className="text-offers" data-testid="text-offers">
            <span className="muted small">Mentions to link:</span>
            {offers.slice(0, MAX_OFFERS).map((m) => (
              <button key={m.key} type="button" className="text-chip text-chip-offer" title={`Link “${text.slice(m.start, m.end)}” (${className(m.classId)})`} onClick={() => linkOffer(m)} data-testid="text-offer">
                {text.slice(m.start, m.end)}
              </button>
            ))}
            {offers.length > MAX_OFFERS ? <span className="muted small">+{offers.length - MAX_OFFERS}</span> : null}
          </span>
        ) : null}
      </div>
      {showFlags && flagMarks.length ? (
        <ul className="text-flags" data-testid="text-flags">
          {flagMarks.slice(0, MAX_LISTED).map((m) => (
            <li key={m.key} className={`text-flag text-flag-${m.kind}`} data-kind={m.kind}>
              <button
                type="button"
                className="link"
                onClick={() => {
                  ta.current?.focus();
                  ta.current?.setSelectionRange(m.start, m.end);
                }}
              >
                {m.kind === 'hallucination' ? 'possible hallucination' : 'contradiction'}
              </button>{' '}
              <span className="muted">{m.message?.replace(/^possible hallucination: /, '')}</span>
            </li>
          ))}
          {flagMarks.length > MAX_LISTED ? <li className="muted">and {flagMarks.length - MAX_LISTED} more (marked in the text)</li> : null}
        </ul>
      ) : null}
    </div>
  );
}

function describeMark(m: Mark, objectName: (id?: string) => string, className: (id?: string) => string): string {
  switch (m.kind) {
    case 'span':
      return `linked to ${objectName(m.object)}`;
    case 'offer':
      return `names ${className(m.classId)}: select it and link it to an object`;
    case 'hallucination':
      return `possible hallucination: ${m.message ?? ''}`;
    case 'contradiction':
      return `contradiction: ${m.message ?? ''}`;
  }
}
