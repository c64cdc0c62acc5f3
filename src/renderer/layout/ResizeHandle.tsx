/** The bottom dock's top edge: drag to resize (between 120 px and 80 % of the window), double-click to reset. */
import type { PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useUiStore } from '../store/uiStore.ts';

export function ResizeHandle() {
  const { t } = useTranslation();
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    const panel = e.currentTarget.parentElement!;
    const startY = e.clientY;
    const startH = panel.getBoundingClientRect().height;
    const el = e.currentTarget;
    el.setPointerCapture(e.pointerId);
    const move = (ev: globalThis.PointerEvent) => {
      const h = Math.min(window.innerHeight * 0.8, Math.max(120, startH + startY - ev.clientY));
      useUiStore.getState().setBottomHeight(Math.round(h));
    };
    const up = () => {
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerup', up);
    };
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerup', up);
  };
  return (
    <div
      className="resize-handle"
      role="separator"
      aria-orientation="horizontal"
      aria-label={t('bottom.resize')}
      onPointerDown={onPointerDown}
      onDoubleClick={() => useUiStore.getState().setBottomHeight(null)}
    />
  );
}
