/** An edge labelled with the tensor shape it carries (its source's output shape). */
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { deleteEdge } from '../actions/editActions.ts';
import { fmtShape } from '../../engine/format.ts';
import { selectAnalysis } from '../store/analysis.ts';
import { useDocStore } from '../store/docStore.ts';

function ShapeEdgeInner({
  id,
  source,
  sourceX,
  sourceY,
  targetX,
  targetY,
  sourcePosition,
  targetPosition,
  selected,
  markerEnd,
}: EdgeProps) {
  const { t } = useTranslation();
  const shape = useDocStore((s) => selectAnalysis(s).nodes[source]?.outputShape ?? null);
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} className={selected ? 'edge-selected' : undefined} />
      {(shape || selected) && (
        <EdgeLabelRenderer>
          <div
            className="edge-shape-label nodrag nopan"
            data-edge-id={id}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          >
            {shape && fmtShape(shape)}
            {selected && (
              <button
                type="button"
                className="edge-delete"
                data-testid="edge-delete"
                title={t('canvasMenu.deleteConnection')}
                aria-label={t('canvasMenu.deleteConnection')}
                onClick={() => deleteEdge(id)}
              >
                ×
              </button>
            )}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const ShapeEdge = memo(ShapeEdgeInner);
