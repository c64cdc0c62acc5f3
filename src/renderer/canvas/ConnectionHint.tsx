/**
 * While a connection is dragged over a layer that refuses it, says why, just above the pointer. Rendered into
 * document.body (screen coordinates) so no node can cover it.
 */
import { useConnection, useReactFlow } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { createPortal } from 'react-dom';
import { say } from '../i18n/engineText.ts';
import { checkConnection } from '../../engine/edit.ts';
import { selectGraph } from '../store/analysis.ts';
import { useDocStore } from '../store/docStore.ts';

export function ConnectionHint() {
  const { t } = useTranslation();
  const c = useConnection();
  const { flowToScreenPosition } = useReactFlow();
  if (!c.inProgress || !c.toNode || c.isValid !== false) return null;
  const forward = c.fromHandle.type === 'source';
  const source = forward ? c.fromNode.id : c.toNode.id;
  const target = forward ? c.toNode.id : c.fromNode.id;
  const check = checkConnection(selectGraph(useDocStore.getState()), source, target);
  if (check.ok) return null;
  const p = flowToScreenPosition(c.to);
  return createPortal(
    <div className="connection-hint" role="tooltip" data-testid="connection-hint" style={{ left: p.x, top: p.y }}>
      {say(t, check.text)}
    </div>,
    document.body,
  );
}
