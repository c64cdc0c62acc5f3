/**
 * The canvas's context menu: right-click a layer or a connection to delete it (or swap a convolution and its
 * locally-connected twin), so nothing needs the keyboard. Closes on Escape, a click elsewhere, or a choice.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { swapTarget } from '../../engine/edit.ts';
import { deleteEdge, deleteNode, swapConvLc } from '../actions/editActions.ts';
import { useDocStore } from '../store/docStore.ts';

export type MenuTarget = { type: 'node' | 'edge'; id: string; x: number; y: number };

export function CanvasMenu({ target, onClose }: { target: MenuTarget; onClose(): void }) {
  const { t } = useTranslation();
  const kind = useDocStore((s) => (target.type === 'node' ? s.nodes.find((n) => n.id === target.id)?.type : undefined));
  useEffect(() => {
    const close = (e: Event) => {
      if (e instanceof KeyboardEvent && e.key !== 'Escape') return;
      if (e instanceof MouseEvent && (e.target as Element | null)?.closest?.('.canvas-menu')) return;
      onClose();
    };
    window.addEventListener('keydown', close);
    window.addEventListener('mousedown', close);
    return () => {
      window.removeEventListener('keydown', close);
      window.removeEventListener('mousedown', close);
    };
  }, [onClose]);
  const act = (f: () => void) => () => {
    f();
    onClose();
  };
  const swapTo = kind ? swapTarget(kind) : null;
  return (
    <div className="canvas-menu" role="menu" data-testid="canvas-menu" style={{ left: target.x, top: target.y }}>
      {swapTo && (
        <button type="button" role="menuitem" data-testid="menu-swap" onClick={act(() => swapConvLc(target.id))}>
          {swapTo === 'locallyConnected2d' ? t('inspector.swapToLc') : t('inspector.swapToConv')}
        </button>
      )}
      <button
        type="button"
        role="menuitem"
        className="is-danger"
        data-testid="menu-delete"
        autoFocus
        onClick={act(() => (target.type === 'node' ? deleteNode(target.id) : deleteEdge(target.id)))}
      >
        {target.type === 'node' ? t('canvasMenu.deleteLayer', { id: target.id }) : t('canvasMenu.deleteConnection')}
      </button>
    </div>
  );
}
