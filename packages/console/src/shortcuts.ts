// Keyboard shortcuts: one listener per page, ignored while typing in a field (Escape still works there).
import { useLayoutEffect, useRef } from 'preact/hooks';

export interface Shortcut {
  key: string;
  label: string;
  run: () => void;
}

export const QUEUE_SHORTCUTS: ReadonlyArray<Omit<Shortcut, 'run'>> = [
  { key: 'j', label: 'next case in the list' },
  { key: 'k', label: 'previous case in the list' },
  { key: 'Enter', label: 'open the focused case' },
  { key: 'x', label: 'select or unselect the focused case (bulk assign)' },
  { key: 'n', label: 'take the next unassigned case' },
  { key: '/', label: 'go to the filters' },
  { key: 'r', label: 'reload the queue' },
  { key: '?', label: 'show or hide these shortcuts' },
];

export const CASE_SHORTCUTS: ReadonlyArray<Omit<Shortcut, 'run'>> = [
  { key: 'u', label: 'back to the queue' },
  { key: 'a', label: 'assign the case to me' },
  { key: 'c', label: 'write a comment' },
  { key: 'p', label: 'propose a resolution' },
  { key: 'v', label: 'approve the pending proposal' },
  { key: 'b', label: 'send the pending proposal back' },
  { key: 't', label: 'go to the timeline' },
  { key: 'r', label: 'reload the case' },
  { key: '?', label: 'show or hide these shortcuts' },
];

function typing(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  if (!element || !element.tagName) return false;
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName) || element.isContentEditable;
}

/**
 * Runs the shortcut whose key was pressed (no modifier keys, not while typing). The listener reads the latest
 * shortcuts through a ref set on every render, so a key pressed right after a state change sees that state.
 */
export function useShortcuts(shortcuts: Shortcut[], enabled = true): void {
  const current = useRef({ shortcuts, enabled });
  current.current = { shortcuts, enabled };
  // Attached as the page is committed, before it is painted: a key pressed as soon as the page shows is not lost.
  useLayoutEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!current.current.enabled) return;
      if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      if (typing(event.target)) return;
      const shortcut = current.current.shortcuts.find((s) => s.key === event.key);
      if (!shortcut) return;
      // Enter on a button or link keeps its own meaning.
      if (event.key === 'Enter' && (event.target as HTMLElement).closest?.('button, a, summary')) return;
      event.preventDefault();
      shortcut.run();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
