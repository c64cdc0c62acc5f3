/**
 * One layer on the canvas: kind, key params, output shape, parameter count and MACs, a bar for its share of the
 * network's parameters, and its error. Reads its derived numbers from the memoized analysis; `data` is params only.
 */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { fmtCompact, fmtInt, fmtShape } from '../../engine/format.ts';
import { getLayer } from '../../engine/registry.ts';
import { say, sayParts } from '../i18n/engineText.ts';
import { selectAnalysis, selectNodeErrors } from '../store/analysis.ts';
import type { LayerNode } from '../store/convert.ts';
import { useDocStore } from '../store/docStore.ts';
import { selectWeightsStatus } from '../weights/weightsStatus.ts';
import './LayerNodeView.css';

/**
 * Inside the node, 'conv2d "c2": its kernel…' needs no 'conv2d "c2"' (the whole message is its tooltip): in any
 * language the message names the node first, as its kind then its quoted id.
 */
function withoutNodePrefix(message: string, id: string): string {
  const at = message.indexOf(`"${id}"`);
  if (at < 0 || at > 24) return message;
  return message.slice(at + id.length + 2).replace(/^[:：]?\s*/, '');
}

function LayerNodeViewInner({ id, type, data, selected }: NodeProps<LayerNode>) {
  const { t } = useTranslation();
  const def = getLayer(type)!;
  const shape = useDocStore((s) => fmtShape(selectAnalysis(s).nodes[id]?.outputShape ?? null));
  const params = useDocStore((s) => selectAnalysis(s).nodes[id]?.params ?? 0);
  const macs = useDocStore((s) => selectAnalysis(s).nodes[id]?.macs ?? 0);
  const share = useDocStore((s) => {
    const total = selectAnalysis(s).totalParams;
    return total ? (selectAnalysis(s).nodes[id]?.params ?? 0) / total : 0;
  });
  const error = useDocStore((s) => selectNodeErrors(s)[id]);
  // A layer whose trained weights an edit dropped, in a network that is otherwise trained.
  const reinit = useDocStore((s) => {
    const w = selectWeightsStatus(s);
    return w.state === 'partial' && w.reinitialised.includes(id);
  });
  const summary = sayParts(t, def.summarize(data));
  const errorText = error ? say(t, error) : undefined;
  const lc = type === 'locallyConnected2d';
  return (
    <div
      className={
        `layer-node cat-${def.category.toLowerCase()}${lc ? ' is-lc' : ''}` +
        `${error ? ' has-error' : ''}${selected ? ' is-selected' : ''}`
      }
      data-kind={type}
      style={share > 0.05 ? ({ '--share': share.toFixed(3) } as CSSProperties) : undefined}
      title={errorText ?? t(`kindHelp.${type}`, { defaultValue: def.description })}
    >
      {def.inputs.max > 0 && <Handle type="target" position={Position.Top} />}
      <div className="layer-node-head">
        <span className="layer-node-kind" title={t(`kinds.${type}`, { defaultValue: def.label })}>
          {t(`kinds.${type}`, { defaultValue: def.label })}
        </span>
        {lc && <span className="layer-node-badge">{t('node.lcBadge')}</span>}
        {reinit && (
          <span className="layer-node-reinit" data-testid="node-reinit" title={t('weights.partialHelp')}>
            {t('node.reinit')}
          </span>
        )}
        <span className="layer-node-id">{id}</span>
      </div>
      {summary && <div className="layer-node-summary">{summary}</div>}
      <div className="layer-node-stats">
        <span className="stat-shape" data-testid="node-shape" title={`${t('node.outputShape')}: ${shape}`}>
          {shape}
        </span>
        <span className="stat-params" title={t('node.paramsTitle', { count: params, formatted: fmtInt(params) })}>
          <span className="stat-label">{t('node.params')}</span> <span data-testid="node-params">{fmtInt(params)}</span>
        </span>
        {macs > 0 && (
          <span className="stat-macs" title={t('node.macsTitle', { formatted: fmtInt(macs) })}>
            <span className="stat-label">{t('node.macs')}</span> {fmtCompact(macs)}
          </span>
        )}
      </div>
      {share > 0 && (
        <div className="layer-node-share" title={t('node.share', { percent: (share * 100).toFixed(1) })}>
          <div style={{ width: `${Math.max(2, share * 100)}%` }} />
        </div>
      )}
      {error && (
        <div className="layer-node-error" role="alert" data-testid="node-error">
          ⚠ {withoutNodePrefix(errorText!, id)}
        </div>
      )}
      <Handle type="source" position={Position.Bottom} />
    </div>
  );
}

export const LayerNodeView = memo(LayerNodeViewInner);
