/** While a connection is dragged over a layer that refuses it, says why, next to the pointer. */
import { useConnection, ViewportPortal } from '@xyflow/react';
import { checkConnection } from '../../engine/edit.ts';
import { selectGraph } from '../store/analysis.ts';
import { useDocStore } from '../store/docStore.ts';

export function ConnectionHint() {
  const c = useConnection();
  if (!c.inProgress || !c.toNode || c.isValid !== false) return null;
  const forward = c.fromHandle.type === 'source';
  const source = forward ? c.fromNode.id : c.toNode.id;
  const target = forward ? c.toNode.id : c.fromNode.id;
  const check = checkConnection(selectGraph(useDocStore.getState()), source, target);
  if (check.ok) return null;
  return (
    <ViewportPortal>
      <div className="connection-hint" role="tooltip" data-testid="connection-hint" style={{ transform: `translate(${c.to.x + 14}px, ${c.to.y + 14}px)` }}>
        {check.reason}
      </div>
    </ViewportPortal>
  );
}
